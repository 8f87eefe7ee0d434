/// Placeholder: replaced by the module's implementation.
public enum ThreadsPlaceholder {}
