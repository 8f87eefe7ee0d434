public enum AxonRuntimePlaceholder {}
