namespace OrderPipeline.Opctl;

public sealed class AdminApiException(string message) : Exception(message);
