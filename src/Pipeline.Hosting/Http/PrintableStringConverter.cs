using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderPipeline.Hosting.Http;

/// <summary>
/// Every string in a request body: control characters (NUL, escape, line feeds...) are refused with the field's name, before
/// anything is published or written. PostgreSQL refuses a NUL in text, and none of our fields has a use for the others.
/// </summary>
public sealed class PrintableStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString()!;
        return ControlCharacterException.Contains(value) ? throw new ControlCharacterException() : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
