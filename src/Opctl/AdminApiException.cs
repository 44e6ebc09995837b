using System.Net.Http.Json;
using System.Text.Json;

namespace OrderPipeline.Opctl;

public sealed class AdminApiException(string message) : Exception(message);
