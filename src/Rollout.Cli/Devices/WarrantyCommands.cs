using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Devices;

/// <summary><c>rollout warranty check IMEI</c>: the public warranty check, from the command line.</summary>
public static class WarrantyCommands
{
    public static Command Create()
    {
        var imei = new Argument<string>("imei") { Description = "The device's IMEI (dial *#06#)." };
        var check = new Command("check", "The public warranty check: status, last day covered and the rule; nothing personal.") { imei };
        check.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var result = await GetDevices.Check(parse.GetValue(imei), services.GetRequiredService<RolloutDb>(), services.GetRequiredService<TimeProvider>(), ct);
            if (!result.IsSuccess)
            {
                return CliHost.Fail(result.Error);
            }

            var w = result.Value;
            Console.WriteLine($"{w.Imei}  {w.Name}, sold in {w.Market}");
            Console.WriteLine($"Status: {w.Status.Replace('_', ' ')}{(w.Until is { } until ? $", covered until {until:yyyy-MM-dd}" : "")}");
            Console.WriteLine($"Rule:   {w.Rule}");
            return 0;
        }, ct));

        return new Command("warranty", "Warranty of a device.") { check };
    }
}
