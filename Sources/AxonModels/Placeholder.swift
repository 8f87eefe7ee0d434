public enum AxonModelsPlaceholder {}
