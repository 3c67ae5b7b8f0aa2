using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Catalog;

public static class CatalogCommands
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A rollout-catalog/1 JSON file (the demo, src/Rollout/Demo/european-tour.json, is one)." };
        var import = new Command("import", "Imports markets, channels, products, variants, certifications and listings from a file, all or nothing.") { file };
        import.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return CliHost.Fail($"{path.FullName}: no such file.");
            }

            var json = await File.ReadAllTextAsync(path.FullName, ct);
            var imported = await ImportCatalog.Handle(json, services.GetRequiredService<RolloutDb>(), services.GetRequiredService<TimeProvider>(), ct);
            if (!imported.IsSuccess)
            {
                Console.Error.WriteLine($"{path.Name}: nothing was imported; fix these and run again:");
                return CliHost.Fail(imported.Error, path.Name);
            }

            var s = imported.Value;
            Console.WriteLine($"Imported {path.Name}: {s.Markets} markets, {s.Channels} channels, {s.Products} products, {s.Variants} variants, {s.Certifications} certifications, {s.Listings} listings.");
            return 0;
        }, ct));

        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Writes the whole catalog as a rollout-catalog/1 JSON file.") { output };
        export.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var json = ExportCatalog.ToJson(await ExportCatalog.Handle(services.GetRequiredService<RolloutDb>(), services.GetRequiredService<TimeProvider>(), ct));
            if (parse.GetValue(output) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, json + "\n", ct);
                Console.Error.WriteLine($"Exported the catalog to {target.FullName}.");
            }
            else
            {
                Console.WriteLine(json);
            }

            return 0;
        }, ct));

        var catalog = new Command("catalog", "The catalog: products, variants, certifications and listings.");
        catalog.Subcommands.Add(import);
        catalog.Subcommands.Add(export);
        return catalog;
    }
}
