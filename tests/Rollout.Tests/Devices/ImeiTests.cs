using Rollout.Devices;

namespace Rollout.Tests.Devices;

/// <summary>IMEIs: fifteen digits whose last is the Luhn check digit of the others; printed forms accepted.</summary>
public sealed class ImeiTests
{
    [Theory]
    [InlineData("490154203237518", "490154203237518")] // The example of 3GPP TS 23.003's annex.
    [InlineData("35-209900-176148-1", "352099001761481")]
    [InlineData("35 209900 176148 1", "352099001761481")]
    [InlineData("000000000000000", "000000000000000")]
    public void A_printed_imei_with_a_right_check_digit_is_read_as_its_fifteen_digits(string printed, string digits)
    {
        var imei = Imei.Parse(printed);

        Assert.True(imei.IsSuccess, imei.IsSuccess ? "" : imei.Error.Message);
        Assert.Equal(digits, imei.Value.Value);
        Assert.Equal(digits[..8], imei.Value.Tac);
    }

    [Theory]
    [InlineData("490154203237519", "imei.check_digit", "should be 8")] // One digit off: Luhn catches it.
    [InlineData("490154203273518", "imei.check_digit", "should be")] // Two neighbours swapped.
    [InlineData("49015420323751", "imei.format", "15 digits")]
    [InlineData("4901542032375180", "imei.format", "15 digits")]
    [InlineData("49015420323751X", "imei.format", "15 digits")]
    [InlineData("", "imei.required", "required")]
    [InlineData(null, "imei.required", "required")]
    public void A_wrong_imei_is_refused_naming_the_field_and_the_rule(string? printed, string code, string rule)
    {
        var imei = Imei.Parse(printed, "devices[3].imei");

        Assert.False(imei.IsSuccess);
        Assert.Equal(code, imei.Error.Code);
        Assert.Contains(rule, Assert.Single(imei.Error.Fields["devices[3].imei"]), StringComparison.Ordinal);
    }
}
