import AxonCore
/// Turning kernel events into work: which files are dirty, which directories need a rescan.
///
/// Events are hints, never state: nothing here reads a file. What counts as a change:
/// - `IN_CLOSE_WRITE`, `IN_MOVED_TO`, `IN_MOVED_FROM`, `IN_DELETE` on a file: dirty now (a rename half-pair
///   needs no pairing: the flush sees the source missing and the target present).
/// - `IN_CREATE`, `IN_MODIFY` on a file: a writer is at work; the file counts at its `IN_CLOSE_WRITE`, or once
///   it settles (writers that keep the file open), so a half-written file is never published.
/// - A directory created or moved in: rescanned (watches first, then the listing). Deleted or moved out: its
///   watches are dropped at once, so no event can arrive under a stale path, and it is rescanned (gone).
/// - `IN_Q_OVERFLOW`: everything is rescanned and re-hashed.
extension Watcher {
    func handle(_ batch: [RawEvent]) {
        guard phase == .running, raw != nil else { return }
        let now = clock.now
        var step = ChangeStep()
        for event in batch {
            switch apply(event, at: now) {
            case .none: break
            case .beyondFiles: step.beyondFiles = true
            case .file(let path):
                step.files.insert(path)
                if event.mask & InotifyMask.movedFrom != 0 { step.movedAway.insert(path) }
                if event.mask & InotifyMask.movedTo != 0 { step.movedIn = true }
            }
        }
        if !step.isEmpty { noteChange(step, at: now) }
        schedule()
    }

    /// A change worth delivering was seen: deliver now after a quiet period, else coalesce (see ``Coalescer``).
    /// A rename that completes a temp file's write takes the place of the temp file's change: one write counts
    /// once, at its rename (see ``AtomicWrites``).
    func noteChange(_ step: ChangeStep, at now: C.Instant) {
        if let before = atomicWrites.record(step, current: coalescer) { coalescer = before }
        if case .deliverNow = coalescer.change(at: now) { flush() }
    }

    /// What one event implies for delivery.
    enum Effect {
        case none
        /// The file at this path is dirty.
        case file(String)
        /// A directory to rescan, an overflow, a vanished root.
        case beyondFiles
    }

    /// Records what `event` implies; returns whether (and what) it is a change to deliver.
    func apply(_ event: RawEvent, at now: C.Instant) -> Effect {
        let mask = event.mask
        if mask & InotifyMask.queueOverflow != 0 {
            overflowCount += 1
            rescans[""] = true
            return .beyondFiles
        }
        if mask & InotifyMask.ignored != 0 {
            _ = table.ignored(event.wd)
            return .none
        }
        guard let dir = table.path(of: event.wd) else { return .none }  // a watch already dropped
        guard let name = event.name else { return directoryItself(dir, mask: mask) }
        let path = joinPath(dir, name)
        guard !ignore.ignores(path, name: name[...]) else { return .none }

        if mask & InotifyMask.isDirectory != 0 {
            guard interest.descends(into: path) else { return .none }
            if mask & (InotifyMask.movedFrom | InotifyMask.delete) != 0 { dropWatches(under: path) }
            guard mask & (InotifyMask.create | InotifyMask.movedTo | InotifyMask.movedFrom | InotifyMask.delete) != 0
            else { return .none }
            rescans[path] = rescans[path] ?? false
            return .beyondFiles
        }
        guard interest.covers(path) else { return .none }
        if mask & (InotifyMask.closeWrite | InotifyMask.movedTo | InotifyMask.movedFrom | InotifyMask.delete) != 0 {
            writing[path] = nil
            dirtyFiles.insert(path)
            return .file(path)
        }
        if mask & (InotifyMask.modify | InotifyMask.create) != 0 {
            writing[path] = Writing(due: now.advanced(by: options.settle), checked: nil)
        }
        return .none
    }

    /// An event on a watched directory itself: deleted or moved away means its subtree is gone from here.
    private func directoryItself(_ dir: String, mask: UInt32) -> Effect {
        guard mask & (InotifyMask.deleteSelf | InotifyMask.moveSelf | InotifyMask.unmount) != 0 else { return .none }
        if dir.isEmpty {
            enterPolling(.rootVanished(path: root))
            return .beyondFiles
        }
        dropWatches(under: dir)
        rescans[dir] = rescans[dir] ?? false
        return .beyondFiles
    }

    /// Removes the watches at and below `dir` (moved out or deleted): the kernel keeps a watch on a moved
    /// directory, which would report events under a path that no longer exists.
    func dropWatches(under dir: String) {
        for wd in table.removeAll(under: dir) { raw?.removeWatch(wd) }
    }

    /// Gives up on kernel events: closes inotify and rescans every `pollInterval`. Never silent: ``mode``
    /// carries `reason` (which names the sysctl to raise when a limit was hit).
    func enterPolling(_ reason: WatchError) {
        mode = .polling(reason: reason)
        raw?.close()
        raw = nil
        table.reset()
        rescans[""] = rescans[""] ?? false
        nextPoll = clock.now.advanced(by: options.pollInterval)
    }
}
