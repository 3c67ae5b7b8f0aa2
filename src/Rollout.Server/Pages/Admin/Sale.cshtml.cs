using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Launches;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// A flash sale's live dashboard: units left, claims per second, the queue, orders placed and paid, and a chart of the
/// last minute, refreshed every second (the figures come from the sale's pool in memory; the orders from the database).
/// </summary>
public sealed class SaleModel(LaunchBook book, RolloutDb db) : PageModel
{
    public SaleLiveResponse Live { get; private set; } = null!;

    public async Task<IActionResult> OnGet(string code, CancellationToken ct)
    {
        var live = await SaleFigures.Live(code, book, db, ct);
        if (!live.IsSuccess)
        {
            return NotFound();
        }

        Live = live.Value;
        return Page();
    }

    /// <summary>The dashboard's panel alone, for the page's refresh.</summary>
    public async Task<IActionResult> OnGetPanel(string code, CancellationToken ct)
    {
        var live = await SaleFigures.Live(code, book, db, ct);
        return live.IsSuccess ? Partial("_SalePanel", live.Value) : NotFound();
    }
}

/// <summary>The last minute of a sale as an SVG chart: claims attempted and won per second.</summary>
public static class SaleChart
{
    public const int Width = 720;
    public const int Height = 220;
    private const int Left = 56;
    private const int Bottom = 28;
    private const int Top = 12;

    /// <summary>The chart's highest value on its axis: a round number at or above the busiest second.</summary>
    public static long Scale(IReadOnlyList<SaleSecond> seconds)
    {
        var most = Math.Max(10, seconds.Count == 0 ? 0 : seconds.Max(s => Math.Max(s.Attempts, s.Won)));
        var step = (long)Math.Pow(10, Math.Floor(Math.Log10(most)));
        return (most + step - 1) / step * step;
    }

    /// <summary>The polyline's points for one series.</summary>
    public static string Points(IReadOnlyList<SaleSecond> seconds, Func<SaleSecond, long> value, long scale)
    {
        if (seconds.Count == 0)
        {
            return "";
        }

        var width = Width - Left - 8.0;
        var height = Height - Top - Bottom;
        return string.Join(' ', seconds.Select((s, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{Left + (seconds.Count == 1 ? 0 : i * width / (seconds.Count - 1)):0.#},{Top + height - (value(s) * height / (double)scale):0.#}")));
    }

    /// <summary>Where a value sits on the vertical axis.</summary>
    public static double Y(long value, long scale) => Top + (Height - Top - Bottom) * (1 - (value / (double)scale));

    public static int X0 => Left;

    public static int Baseline => Height - Bottom;
}
