#if os(Linux)
    extension Supervisor {
        /// The last capability generation each running instance acked (nil: none yet), by instance id; empty
        /// without a broadcast.
        public func ackedGenerations() -> [String: Int?] {
            broadcast?.acked() ?? [:]
        }
    }
#endif
