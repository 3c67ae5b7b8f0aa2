using System.Text;
using BenchmarkDotNet.Attributes;
using Rollout.Common;
using Rollout.Markets;
using Rollout.Orders;
using Rollout.Pricing;

namespace Rollout.Bench;

/// <summary>The small steps every checkout takes, alone: verifying a provider's signature, splitting a price into VAT.</summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private readonly SignedWebhookPayment card = new("card", "Card", Encoding.UTF8.GetBytes("micro-secret"));
    private readonly NodaTime.Instant now = NodaTime.Instant.FromUtc(2026, 11, 26, 12, 0);
    private readonly VatRate spain = VatRate.Parse(0.21m).Value;
    private string body = "";
    private string signature = "";

    [GlobalSetup]
    public void Setup()
    {
        body = """{"id":"evt_1","type":"payment.succeeded","reference":"pay_0123456789abcdef","amount":679.99,"currency":"EUR"}""";
        signature = card.Sign(body, now);
    }

    [Benchmark]
    public bool VerifyWebhookSignature() => card.Verify(signature, body, now).IsSuccess;

    [Benchmark]
    public long SplitGrossPriceIntoVat() =>
        PriceBreakdown.FromGross(Money.FromMinorUnits(67_999, CurrencyCode.Parse("EUR").Value), spain).Vat.MinorUnits;
}
