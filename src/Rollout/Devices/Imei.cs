namespace Rollout.Devices;

/// <summary>
/// An International Mobile Equipment Identity: 15 digits, the first eight the type allocation code (TAC) of the model,
/// the last a Luhn check digit of the fourteen before it (3GPP TS 23.003). Printed with spaces or hyphens
/// ("35-209900-176148-1"); kept as the 15 digits. A dual-SIM phone has two.
/// </summary>
public readonly record struct Imei
{
    private Imei(string value) => Value = value;

    public string Value { get; }

    /// <summary>The type allocation code: the model's eight digits, the same for every unit of it.</summary>
    public string Tac => Value[..8];

    public static Result<Imei> Parse(string? text, string field = "imei")
    {
        var digits = text is null ? "" : string.Concat(text.Where(c => c is not (' ' or '-')));
        if (digits.Length == 0)
        {
            return Error.Invalid(field, "imei.required", "An IMEI (the 15 digits shown by *#06#) is required.");
        }

        if (digits.Length != 15 || !digits.All(char.IsAsciiDigit))
        {
            return Error.Invalid(field, "imei.format", $"'{text}' is not an IMEI: it must be 15 digits (spaces and hyphens allowed).");
        }

        var expected = CheckDigit(digits.AsSpan(0, 14));
        return digits[^1] - '0' == expected
            ? new Imei(digits)
            : Error.Invalid(field, "imei.check_digit", $"'{text}' fails the IMEI's Luhn check: the last digit should be {expected}. Check for a mistyped digit.");
    }

    /// <summary>The Luhn check digit of the 14 digits before it: every second digit from the right doubled, digits summed.</summary>
    public static int CheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var digit = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                digit = digit > 9 ? digit - 9 : digit;
            }

            sum += digit;
        }

        return (10 - (sum % 10)) % 10;
    }

    public override string ToString() => Value;
}
