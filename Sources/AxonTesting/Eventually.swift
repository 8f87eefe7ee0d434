/// Polls `condition` (every millisecond, up to `timeout`): for states another task reaches at its own pace.
public func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let limit = ContinuousClock.now.advanced(by: timeout)
    while !condition() {
        if ContinuousClock.now >= limit { return false }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return true
}
