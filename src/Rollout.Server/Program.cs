using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Identity;
using Rollout.Markets;
using Rollout.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddRolloutServer();

var app = builder.Build();
app.UseRolloutServer();
app.MapHealth();
app.MapStaffIdentity();
app.MapMarkets();
app.MapChannels();
app.MapCatalog();
app.MapRazorPages();
app.Run();

/// <summary>The server's entry point; public so tests can host it.</summary>
public partial class Program;
