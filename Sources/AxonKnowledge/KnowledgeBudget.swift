/// How the knowledge budget is spent: which files go into the prompt whole and which only into the index.
///
/// Files are taken in order (`AGENTS.md` first, then by path) and included whole while the running total of
/// their bytes stays within the budget. The first file that does not fit ends inclusion: it and every later
/// file go to the index, so a small file never jumps ahead of a large one (the order a reader expects is
/// the order the model sees, and a new file changes the prompt only from its position on). Files over the
/// per-file cap carry no content and go to the index wherever they are, without ending inclusion.
/// Files are never cut: a partial file reads as complete to a model.
public struct KnowledgeBudget: Sendable, Equatable {
    /// Files in the prompt whole, in order.
    public var included: [KnowledgeDocument]
    /// Files listed by path and title only, in order.
    public var indexed: [KnowledgeDocument]
    /// Bytes of the included files.
    public var usedBytes: Int

    /// Splits `documents` (in their order) under `budgetBytes`; a budget of 0 indexes everything.
    public init(documents: [KnowledgeDocument], budgetBytes: Int) {
        included = []
        indexed = []
        usedBytes = 0
        var full = false
        for document in documents {
            guard document.content != nil else {
                indexed.append(document)
                continue
            }
            if !full && usedBytes + document.bytes <= budgetBytes {
                included.append(document)
                usedBytes += document.bytes
            } else {
                full = true
                indexed.append(document)
            }
        }
    }

    /// True when some knowledge is not in the prompt in full (it is in the index instead).
    public var isTruncated: Bool { !indexed.isEmpty }
}
