using Rollout.Audit;
using Rollout.Privacy;
using Rollout.Catalog;
using Rollout.Devices;
using Rollout.Channels;
using Rollout.Identity;
using Rollout.Inventory;
using Rollout.Launches;
using Rollout.Markets;
using Rollout.Orders;
using Rollout.Partners;
using Rollout.Pricing;
using Rollout.Repairs;
using Rollout.Server;

// Settings and static files are read from the build output, so the working directory only decides where ./data is.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddRolloutServer();

var app = builder.Build();
app.UseRolloutServer();
app.MapHealth();
app.MapStaffIdentity();
app.MapCustomers();
app.MapCustomerData();
app.MapMarkets();
app.MapChannels();
app.MapLaunches();
app.MapNaiveClaims();
app.MapCatalog();
app.MapPricing();
app.MapInventory();
app.MapOrders();
app.MapDevices();
app.MapPartners();
app.MapRepairs();
app.MapAudit();
app.MapRazorPages();
// A page that does not exist is a 404 for everyone (the fallback authorization policy would otherwise ask for a sign-in).
app.MapFallback(() => Results.NotFound()).WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["GET", "HEAD"])).AllowAnonymous().ExcludeFromDescription();
app.Run();

/// <summary>The server's entry point; public so tests can host it.</summary>
public partial class Program;
