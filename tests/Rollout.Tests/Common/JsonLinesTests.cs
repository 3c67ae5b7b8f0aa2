namespace Rollout.Tests.Common;

public sealed class JsonLinesTests
{
    private const string Text = """
        {
          "format": "rollout-catalog/1",
          "products": [
            { "code": "a" },
            {
              "code": "b",
              "variants": [
                { "sku": "B-1",
                  "gtin": "123" }
              ]
            }
          ]
        }
        """;

    [Theory]
    [InlineData("format", 2)]
    [InlineData("products", 3)]
    [InlineData("products[0].code", 4)]
    [InlineData("products[1]", 5)]
    [InlineData("products[1].code", 6)]
    [InlineData("products[1].variants[0].gtin", 9)]
    [InlineData("products[1].variants[0].colour", 8)]
    [InlineData("products[7].name", 3)]
    public void A_path_maps_to_the_line_where_its_value_or_its_nearest_parent_starts(string path, int line) =>
        Assert.Equal(line, JsonLines.Of(Text).LineOf(path));

    [Fact]
    public void A_broken_text_maps_as_far_as_it_is_readable() =>
        Assert.Equal(2, JsonLines.Of("{\n \"format\": 1,\n \"products\": [ { \"code\": ").LineOf("format"));
}
