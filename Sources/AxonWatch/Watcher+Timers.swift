import AxonCore
/// Everything that happens because time passed: a burst's deadline, a writer settling, the periodic
/// reconcile, and polling. One timer task sleeps until the earliest of them.
extension Watcher {
    /// Arms the timer for the earliest pending deadline (keeps an earlier one already armed).
    func schedule() {
        guard phase == .running else { return }
        var next = coalescer.deadline
        for w in writing.values { next = earliest(next, w.due) }
        next = earliest(next, nextReconcile)
        if case .polling = mode { next = earliest(next, nextPoll) }
        guard let next else { return }
        if let armed = timerDeadline, armed <= next, timerTask != nil { return }
        timerTask?.cancel()
        timerDeadline = next
        timerTask = Task { [weak self, clock] in
            do { try await clock.sleep(until: next, tolerance: nil) } catch { return }
            await self?.tick()
        }
    }

    func tick() {
        timerTask = nil
        timerDeadline = nil
        guard phase == .running else { return }
        let now = clock.now
        settleWriters(at: now)
        if let due = nextReconcile, due <= now, let interval = options.reconcileInterval {
            reconcileCount += 1
            rescans[""] = true
            nextReconcile = now.advanced(by: interval)
            flush()
        }
        if case .polling = mode, let due = nextPoll, due <= now {
            rescans[""] = rescans[""] ?? false
            nextPoll = now.advanced(by: options.pollInterval)
            flush()
        }
        if coalescer.isDue(at: now) { flush() }
        schedule()
    }

    /// Writers that went quiet: stat now, and again a quiet period later; unchanged means done.
    private func settleWriters(at now: C.Instant) {
        var settled = ChangeStep()
        for (path, w) in writing where w.due <= now {
            let signature: StatSignature?
            switch FileKind.of(scanner.absolute(path)) {
            case .regular(let s): signature = s
            default: signature = nil
            }
            if signature == nil || (w.checked != nil && w.checked == signature) {
                writing[path] = nil
                dirtyFiles.insert(path)
                settled.files.insert(path)
            } else {
                writing[path] = Writing(due: now.advanced(by: options.quiet), checked: signature)
            }
        }
        if !settled.isEmpty { noteChange(settled, at: now) }
    }

    private func earliest(_ a: C.Instant?, _ b: C.Instant?) -> C.Instant? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }
}
