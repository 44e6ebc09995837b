using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Notify.Providers;

/// <summary>A bulk request's shared text: <c>{orderId}</c> and <c>{orders}</c> are filled per message by the gateway.</summary>
public sealed record BulkTemplate(string? Subject, string Text);
