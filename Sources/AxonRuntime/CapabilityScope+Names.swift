/// The scope's wire names, as the fleet channel carries them (`["tools","prompt"]`).
extension CapabilityScope {
    static let named: [(String, CapabilityScope)] = [("tools", .tools), ("prompt", .prompt), ("mcp", .mcp)]

    /// The parts, in a fixed order.
    public var names: [String] { Self.named.filter { contains($0.1) }.map(\.0) }

    /// The parts `names` lists. A name this build does not know (a newer supervisor's) re-reads everything:
    /// a reload too many costs time, one too few a capability.
    public init(names: [String]) {
        var scope: CapabilityScope = []
        for name in names {
            guard let part = Self.named.first(where: { $0.0 == name })?.1 else {
                self = .all
                return
            }
            scope.insert(part)
        }
        self = scope
    }
}
