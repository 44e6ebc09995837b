using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrderPipeline.Hosting.Http;

/// <summary>
/// Reads a JSON request body with our own error answers: 415 for a wrong content type, 413 over the size
/// limit, 400 with the offending JSON path for malformed JSON or a wrong type. Minimal API binding would
/// answer these without naming the field.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        // The same field twice is ambiguous (which one did the client mean?): refused, not last-one-wins.
        AllowDuplicateProperties = false,
        // A number is a JSON number: "5" for a stock of 5 is a wrong type, as the contract says (the web defaults accept it).
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        Converters = { new PrintableStringConverter() },
    };

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the body as application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge(request));
        }

        byte[] body;
        try
        {
            body = await ReadLimitedAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(request));
        }
        catch (InvalidDataException)
        {
            return (null, TooLarge(request));
        }

        if (body.Length == 0)
        {
            return (null, Problems.Validation(new() { ["body"] = ["A JSON body is required."] }));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Options);
            return value is null
                ? (null, Problems.Validation(new() { ["body"] = ["A JSON object is required."] }))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Validation(new() { [FieldName(e.Path)] = [Describe(e)] }));
        }
    }

    static async Task<byte[]> ReadLimitedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new InvalidDataException("Body too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The unread rest of the body stays on the wire, so the connection cannot carry another request: say so,
    /// or the client's next request on it fails.
    /// </summary>
    static ProblemHttpResult TooLarge(HttpRequest request)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body may be at most {MaxBytes} bytes.");
    }

    /// <summary>"$.items[0].quantity" becomes "items[0].quantity"; no path means the body as a whole.</summary>
    internal static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    static string Describe(JsonException e) => e switch
    {
        ControlCharacterException => ControlCharacterException.Rule,
        _ when e.Message.StartsWith("Duplicate property", StringComparison.Ordinal) => "The field appears more than once.",
        { Path: null or "$" } => "The body is not valid JSON.",
        _ => "The value is not valid JSON for this field, or has the wrong type.",
    };
}
