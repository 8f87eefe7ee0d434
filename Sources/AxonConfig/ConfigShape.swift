import AxonCore

/// The declarative description of a configuration file's shape.
///
/// One `Shape` tree (see `FleetShape`) drives both the validator (`ShapeValidator`) and the JSON Schema export
/// (`FleetSchema`), so the two cannot drift: adding a key means adding one `Field` here.
indirect enum Shape: Sendable {
    /// A YAML string (a quoted or plain scalar that is not a number, boolean or null).
    case string
    /// Any scalar (string, number, boolean), kept as its text. Used for environment values.
    case text
    /// An integer in `min...max`.
    case integer(min: Int, max: Int)
    /// A finite number ≥ 0 (integers are accepted).
    case number
    case boolean
    /// A duration string such as `30s` or `1h30m` (see `ConfigDuration`).
    case duration
    /// A size in bytes of at least `min`: an integer, or a string such as `10MiB` (see `ConfigSize`).
    case size(min: Int)
    /// A repo-relative glob (see `GlobCheck`).
    case glob
    /// One of a fixed set of strings; `noun` names the set in messages ("restart policy").
    case choice([String], noun: String)
    case list(Shape)
    /// A mapping with free keys (checked by `key`) and values of one shape.
    case map(key: KeyRule, value: Shape)
    /// A mapping with named fields; every other key is an error.
    case object(ObjectShape)
    /// The value may also be null (an empty value in YAML), which means "not set".
    case optional(Shape)

    /// What a value of this shape looks like, for "expected …" messages.
    var expectation: String {
        switch self {
        case .string: "a string"
        case .text: "a scalar (string, number or boolean)"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .duration: "a duration such as 30s"
        case .size: "a size such as 10MiB"
        case .glob: "a glob string"
        case .choice(let values, _): "one of: " + values.joined(separator: ", ")
        case .list: "a list"
        case .map, .object: "a mapping"
        case .optional(let inner): inner.expectation
        }
    }
}

/// How the keys of a `Shape.map` are checked.
enum KeyRule: Sendable {
    /// Any non-empty string.
    case any
    /// An agent name: `[A-Za-z][A-Za-z0-9_-]{0,63}`.
    case agentName

    /// The JSON Schema `pattern` for this rule.
    var pattern: String {
        switch self {
        case .any: "^.+$"
        case .agentName: NameRule.pattern
        }
    }

    /// Whether `key` is acceptable.
    func accepts(_ key: String) -> Bool {
        switch self {
        case .any: return !key.isEmpty
        case .agentName: return NameRule.isValid(key)
        }
    }

}

/// One named key of an `ObjectShape`.
struct Field: Sendable {
    var name: String
    var shape: Shape
    /// One or two sentences; becomes the schema `description`.
    var doc: String
    /// The value used when the key is absent, as documented (the typed inits apply it).
    var defaultValue: JSONValue?
    var isRequired: Bool
    /// Set for a key this version accepts but does not act on yet: what will (`the fleet supervisor`). Setting
    /// such a key is a warning, so nobody believes it took effect.
    var pendingUser: String?

    init(
        _ name: String, _ shape: Shape, _ doc: String, default defaultValue: JSONValue? = nil,
        required: Bool = false, pending pendingUser: String? = nil
    ) {
        self.name = name
        self.shape = shape
        self.doc = doc
        self.defaultValue = defaultValue
        self.isRequired = required
        self.pendingUser = pendingUser
    }
}

/// A mapping with named fields.
struct ObjectShape: Sendable {
    /// When set, the schema puts this object under `$defs/<ref>` and refers to it.
    var ref: String?
    var doc: String
    var fields: [Field]

    init(ref: String? = nil, _ doc: String, _ fields: [Field]) {
        self.ref = ref
        self.doc = doc
        self.fields = fields
    }

    func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}
