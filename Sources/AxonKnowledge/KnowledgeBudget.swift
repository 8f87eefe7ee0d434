/// How the knowledge budget is spent: which files go into the prompt whole and which only into the index.
///
/// Files are taken in order (`AGENTS.md` first, then by path) and included whole while the running total of
/// their bytes stays within the budget. The first file that does not fit ends inclusion: it and every later
/// file go to the index, so a small file never jumps ahead of a large one (the order a reader expects is
/// the order the model sees, and a new file changes the prompt only from its position on). Files over the
/// per-file cap carry no content and go to the index wherever they are, without ending inclusion.
/// Files are never cut: a partial file reads as complete to a model.
///
/// The index has a budget of its own (`indexBytes`, a quarter of the knowledge budget and at least 4 KiB): with
/// thousands of files a list of every one would outgrow the knowledge it stands for. Files past it are only
/// counted (`unlisted`); the prompt says how many and where to look.
public struct KnowledgeBudget: Sendable, Equatable {
    /// Files in the prompt whole, in order.
    public var included: [KnowledgeDocument]
    /// Files listed by path and title only, in order.
    public var indexed: [KnowledgeDocument]
    /// Files past the index's own budget: neither in the prompt nor listed, in order.
    public var unlisted: [KnowledgeDocument]
    /// Bytes of the included files.
    public var usedBytes: Int

    /// The bytes the index may take for a knowledge budget of `budgetBytes`.
    public static func indexBytes(budgetBytes: Int) -> Int {
        budgetBytes == .max ? .max : max(4096, budgetBytes / 4)
    }

    /// Splits `documents` (in their order) under `budgetBytes`; a budget of 0 indexes everything.
    public init(documents: [KnowledgeDocument], budgetBytes: Int) {
        included = []
        indexed = []
        unlisted = []
        usedBytes = 0
        var full = false
        var indexLeft = Self.indexBytes(budgetBytes: budgetBytes)
        func index(_ document: KnowledgeDocument) {
            // One index line: `- path: title`.
            let cost = document.path.utf8.count + document.title.utf8.count + 5
            if unlisted.isEmpty && cost <= indexLeft {
                indexed.append(document)
                indexLeft -= cost
            } else {
                unlisted.append(document)
            }
        }
        for document in documents {
            guard document.content != nil else {
                index(document)
                continue
            }
            if !full && usedBytes + document.bytes <= budgetBytes {
                included.append(document)
                usedBytes += document.bytes
            } else {
                full = true
                index(document)
            }
        }
    }

    /// True when some knowledge is not in the prompt in full (it is in the index instead).
    public var isTruncated: Bool { !indexed.isEmpty || !unlisted.isEmpty }
}
