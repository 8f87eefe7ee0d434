#if os(Linux)
    extension Supervisor {
        /// Gives every instance spawned from now on a channel of `broadcast` (its capability updates, its acks).
        public func attach(_ broadcast: FleetBroadcast) {
            self.broadcast = broadcast
        }

        /// The last capability generation each running instance acked (nil: none yet), by instance id; empty
        /// without a broadcast.
        public func ackedGenerations() -> [String: Int?] {
            broadcast?.acked() ?? [:]
        }
    }
#endif
