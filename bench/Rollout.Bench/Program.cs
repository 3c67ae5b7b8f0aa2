using BenchmarkDotNet.Running;
using Rollout.Bench;

// dotnet run -c Release --project bench/Rollout.Bench -- checkout --provider sqlite|postgres [--servers N] --json FILE
// dotnet run -c Release --project bench/Rollout.Bench -- launch --provider sqlite|postgres [--servers N [--kill-one]] --json FILE
// dotnet run -c Release --project bench/Rollout.Bench -- micro [BenchmarkDotNet arguments]
return args switch
{
    ["checkout", .. var rest] => await CheckoutBench.Run(rest),
    ["launch", .. var rest] => await LaunchBench.Run(rest),
    ["micro", .. var rest] => Micro(rest),
    _ => Usage(),
};

static int Micro(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(CheckoutBench).Assembly).Run(rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Rollout.Bench checkout --provider sqlite|postgres [--json FILE] [--shoppers 2000] [--stock 1000] [--connection STRING] [--servers N [--sticky] (postgres)]");
    Console.Error.WriteLine("       Rollout.Bench launch --provider sqlite|postgres [--json FILE] [--units 100000] [--limit 10] [--connections 64] [--seconds 5] [--connection STRING] [--servers N [--kill-one] (postgres)]");
    Console.Error.WriteLine("       Rollout.Bench micro [--filter *]");
    return 2;
}
