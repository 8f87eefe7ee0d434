import AxonCore

/// Reading the disk where events pointed, diffing by content hash, publishing a generation.
extension Watcher {
    /// Rescans the pending directories, re-hashes the dirty files, and publishes a new generation if any
    /// content changed (or always, for the initial scan). Files still being written stay pending.
    func flush(initial: Bool = false) {
        coalescer.delivered()
        var added: [String] = [], changed: [String] = [], removed: [String] = []
        func record(_ path: String, _ outcome: Change) {
            switch outcome {
            case .added: added.append(path)
            case .changed: changed.append(path)
            case .removed: removed.append(path)
            case .none: break
            }
        }

        while let (dir, hashAll) = nextRescan() {
            let result = scan(dir)
            rescans = rescans.filter { !isPath($0.key, under: dir) }
            dirtyFiles = dirtyFiles.filter { !isPath($0, under: dir) }
            for path in files.keys where isPath(path, under: dir) && result.files[path] == nil {
                record(path, remove(path))
            }
            for (path, signature) in result.files where writing[path] == nil {
                if !hashAll, signatures[path] == signature, !isRacy(signature) { continue }
                if !initial, isRacy(signature) {
                    // Just written, and found by a rescan (a new directory, an overflow, a reconcile, a poll):
                    // its writer may still be at work and no event would say so. Count it once its stat holds
                    // still for a quiet period (or at its IN_CLOSE_WRITE, which the watch now reports).
                    writing[path] = Writing(due: clock.now.advanced(by: options.quiet), checked: signature)
                    continue
                }
                record(path, update(path))
            }
            if dir.isEmpty, raw != nil { pruneWatches(keeping: result.directories) }
        }
        for path in dirtyFiles where writing[path] == nil {
            dirtyFiles.remove(path)
            record(path, update(path))
        }

        let changes = WatchSnapshot.Changes(added: added, changed: changed, removed: removed)
        guard initial || !changes.isEmpty else { return }
        generation += 1
        broadcast.publish(WatchSnapshot(generation: generation, files: files, changes: changes))
    }

    enum Change { case added, changed, removed, none }

    /// The shallowest pending rescan (a parent's rescan covers its children).
    private func nextRescan() -> (String, Bool)? {
        guard let dir = rescans.keys.min(by: { depth($0) < depth($1) }) else { return nil }
        return (dir, rescans.removeValue(forKey: dir)!)
    }

    private func depth(_ path: String) -> Int {
        path.isEmpty ? 0 : path.utf8.reduce(1) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
    }

    /// Walks `dir`, adding a watch to each directory before listing it. Hitting the watch limit switches to
    /// polling (all watches released: no silent partial watching) and the walk is repeated without watches.
    private func scan(_ dir: String) -> TreeScanner.Result {
        if let raw {
            do throws(RawError) {
                return try scanner.scan(dir) { (path: String) throws(RawError) in
                    do throws(RawError) {
                        table.insert(
                            try raw.addWatch(scanner.absolute(path), mask: InotifyMask.directoryWatch), path: path)
                    } catch {
                        // Vanished since listed, or unreadable: the listing tells the rest.
                        guard error != .gone, error != .denied else { return }
                        throw error
                    }
                }
            } catch {
                enterPolling(Self.watchError(error, path: scanner.absolute(dir)))
            }
        }
        return scanner.scan(dir) { (_: String) throws(Never) in }
    }

    /// Re-reads one file: hashed when it is a regular file, removed when it is gone or became something else.
    private func update(_ path: String) -> Change {
        guard interest.covers(path) else { return remove(path) }
        switch FileKind.of(scanner.absolute(path)) {
        case .regular:
            switch hasher.hash(scanner.absolute(path)) {
            case .hashed(let state, let signature):
                signatures[path] = signature
                guard let before = files[path] else {
                    files[path] = state
                    return .added
                }
                guard before.hash != state.hash else { return .none }
                files[path] = state
                return .changed
            case .unstable:
                // Changed while read: treat as a writer at work; it counts when it settles or closes.
                writing[path] = Writing(due: clock.now.advanced(by: options.settle), checked: nil)
                dirtyFiles.insert(path)
                return .none
            case .notRegular:
                return remove(path)
            }
        case .directory, .other, .missing:
            return remove(path)
        }
    }

    private func remove(_ path: String) -> Change {
        signatures[path] = nil
        return files.removeValue(forKey: path) == nil ? .none : .removed
    }

    /// After a full rescan: drops watches on directories that no longer exist here (their `IN_IGNORED` may
    /// have been lost in an overflow), so the map stays exact.
    private func pruneWatches(keeping directories: Set<String>) {
        for (path, _) in table.descriptors where !directories.contains(path) { dropWatches(under: path) }
    }

    /// A file modified within the last 2 s may change again without its size or mtime changing (coarse
    /// timestamps): never trust its stat, re-hash it (git's "racy clean" rule).
    private func isRacy(_ signature: StatSignature) -> Bool {
        Timestamp.now().milliseconds * 1_000_000 - signature.mtimeNanoseconds < 2_000_000_000
    }
}
