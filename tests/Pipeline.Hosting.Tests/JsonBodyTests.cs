using OrderPipeline.Hosting.Http;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("$.items[0].quantity", "items[0].quantity")]
    [InlineData("$.customerId", "customerId")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    public void Json_paths_become_field_names(string? path, string field) => Assert.Equal(field, JsonBody.FieldName(path));
}
