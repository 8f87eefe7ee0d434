/// What one batch of events (or one settling pass) changed, as far as atomic writes are concerned.
struct ChangeStep {
    /// Files marked dirty.
    var files: Set<String> = []
    /// Files among them moved away (`IN_MOVED_FROM`): a temp file renamed into place, or a rename out.
    var movedAway: Set<String> = []
    /// Whether a file was moved in (`IN_MOVED_TO`).
    var movedIn = false
    /// Whether the change involved more than files (a directory to rescan, an overflow).
    var beyondFiles = false

    var isEmpty: Bool { files.isEmpty && !beyondFiles }
}

/// Recognises the last step of an atomic write (write a temp file, rename it into place) across event batches.
///
/// A writer publishing `tool.sh` creates `.tmp.xyz` (any name it likes), writes, closes, and renames it. The
/// temp file's close is a change like any other: no name tells a temp file from a real one. The kernel queues
/// the close and the rename microseconds apart, but the reader thread may wake in between and hand them over
/// in two batches (or even the rename's two halves in two). The rename would then fall within the quiet period
/// of the temp file's change and wait for a burst to end, though the write it completes is the only one.
///
/// So the state of the coalescing rule before a change is kept (`Saved`) while that change's files may still
/// turn out to be temp files. A step that moves a file in, once every file of that change has been moved away,
/// *completes* it: the caller puts the saved state back and notes the rename, so one write counts once, at
/// its rename (a lone write is then delivered at once). A completion is never itself taken back, so renames
/// chained in a storm are still coalesced; every other change starts over.
struct AtomicWrites<Saved> {
    /// The files of the latest change not moved away since, and the state from before that change.
    private var pending: (files: Set<String>, before: Saved)?

    /// Records `step`, seen while the rule's state is `current` (before `step` is applied to it).
    /// - Returns: the state to go back to before applying `step`, when `step` completes the pending change.
    mutating func record(_ step: ChangeStep, current: Saved) -> Saved? {
        guard !step.beyondFiles else {
            pending = nil
            return nil
        }
        if let (files, before) = pending {
            if step.movedIn, files.isSubset(of: step.movedAway) {
                pending = nil
                return before
            }
            // Only the pending temp files moved away (the rename's other half comes in the next batch).
            if !step.movedIn, step.files == step.movedAway, step.files.isSubset(of: files) {
                pending = (files.subtracting(step.movedAway), before)
                return nil
            }
        }
        pending = (step.files.subtracting(step.movedAway), current)
        return nil
    }
}
