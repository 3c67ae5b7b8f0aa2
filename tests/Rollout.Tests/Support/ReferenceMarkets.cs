using Rollout.Markets;

namespace Rollout.Tests.Support;

/// <summary>Markets as the reference data defines them, without a database.</summary>
internal static class ReferenceMarkets
{
    public static Market Of(string code)
    {
        var terms = MarketFields.From(MarketReference.Find(CountryCode.Parse(code).Value)!).Validate(new Validator())!;
        return Market.Create(terms, CountryCode.Parse(code).Value);
    }
}
