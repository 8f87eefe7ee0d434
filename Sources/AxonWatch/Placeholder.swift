/// Placeholder: the watcher module (issue 3) replaces this file.
public enum WatchPlaceholder {}
