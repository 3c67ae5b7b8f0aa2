using System.Net.Http.Headers;
using System.Reflection;
using System.Threading.RateLimiting;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rollout.Identity;

namespace Rollout.Tests.Support;

/// <summary>
/// The real server on a test database, with a clock the test moves. The demo is loaded unless asked not to;
/// the first admin is admin@test.local with <see cref="AdminPassword"/>.
/// </summary>
public sealed class RolloutApp(TestDatabase database, FakeTimeProvider clock, bool loadDemo = true, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Pass-1234";

    /// <summary>The password of every member of staff <see cref="Staff"/> makes.</summary>
    public const string StaffPassword = "Staff-Pass-1234";

    /// <summary>The card provider's webhook secret in tests.</summary>
    public const string CardSecret = "test-card-webhook-secret-0123456789";

    /// <summary>The header a test sends to be seen as coming from a client address (the test host gives requests none).</summary>
    public const string ClientAddressHeader = "Test-Client-Address";

    /// <summary>
    /// The abuse limits the suite runs with: the test host gives requests no client address, so every client of every
    /// test shares one (<c>RateLimits.UnknownAddress</c>), and a crowd test's thousand shoppers would be one address.
    /// Tests of the limits set their own (tests/Rollout.Tests/Security).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> CrowdLimits = new[]
    {
        "SignInPerMinute", "SignInPerAccountPerMinute", "RegistrationsPerHour", "CartsPerMinute", "HoldsPerMinute", "ClaimsPerMinute",
        "PublicLookupsPerMinute", "PartnerRequestsPerMinute", "UnitsHeldPerCart", "UnitsHeldPerAddress",
        "PasswordResetsPerHour", "PasswordResetsPerAccountPerHour", "ConfirmationMailsPerHour",
    }.ToDictionary(setting => $"Rollout:Limits:{setting}", _ => "1000000");

    /// <summary>Noon UTC of the day the suite runs as (<see cref="TestClock.Today"/>): Spain is live, France opens on the next 22 May.</summary>
    public static DateTimeOffset Today => TestClock.Today;

    public FakeTimeProvider Clock => clock;

    /// <summary>What the server logged.</summary>
    public RecordedLogs Logs { get; } = new();

    public TestDatabase Database => database;

    /// <summary>Where Kestrel listens when the app was made with <c>kestrel: true</c>.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Makes the server: in memory (it starts on first use), or started on a real Kestrel port for a browser.</summary>
    public static RolloutApp Start(TestDatabase database, bool loadDemo = true, bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new RolloutApp(database, new FakeTimeProvider(Today), loadDemo, settings);
        if (kestrel)
        {
            app.UseKestrel(0);
            app.StartServer();
            app.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        }

        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Rollout:Database:Provider", database.Provider.ToString());
        builder.UseSetting("Rollout:Database:ConnectionString", database.ConnectionString);
        builder.UseSetting("Rollout:DataFolder", database.Folder);
        builder.UseSetting("Rollout:Demo", loadDemo ? "true" : "false");
        builder.UseSetting("Rollout:DemoStock", "false"); // Tests receive the stock they count on.
        builder.UseSetting("Rollout:Payments:Card:Secret", CardSecret);
        builder.UseSetting("Rollout:Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Rollout:Bootstrap:AdminPassword", AdminPassword);
        // Outside Development admins need a second factor; tests sign in with passwords unless they test that (SecondFactorTests).
        builder.UseSetting(Rollout.Identity.SecondFactorSettings.Key, "none");
        // 1,000 PBKDF2 rounds instead of 100,000: the suite hashes thousands of passwords, and the rounds change no behaviour.
        builder.UseSetting("Rollout:Identity:PasswordHashIterations", "1000");
        foreach (var (key, value) in CrowdLimits.Concat(settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(clock);
            services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
            services.AddSingleton<IStartupFilter>(new KeepPipeline(this));
        });
    }

    /// <summary>
    /// Stops the server, then the rate limiters its pipeline made. ASP.NET Core's rate-limiting middleware never disposes
    /// the partitioned limiter it makes (dotnet/aspnetcore#66434, #69259), whose timer ticks ten times a second for the
    /// rest of the process and keeps the whole stopped app reachable: over a run, hundreds of apps' timers and heaps,
    /// which made every later test's garbage collections slower.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var limiter in pipeline is null ? [] : LimitersIn(pipeline))
        {
            await limiter.DisposeAsync();
        }

        pipeline = null;
    }

    private RequestDelegate? pipeline;

    /// <summary>
    /// The partitioned limiters a pipeline holds: found by following its middleware (a delegate's target, a closure, an
    /// object holding the next <see cref="RequestDelegate"/>) and nothing else, so the app's services are not walked.
    /// </summary>
    private static List<PartitionedRateLimiter<HttpContext>> LimitersIn(RequestDelegate start)
    {
        var found = new List<PartitionedRateLimiter<HttpContext>>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var next = new Queue<object>([start]);
        while (next.TryDequeue(out var item))
        {
            if (!seen.Add(item))
            {
                continue;
            }

            switch (item)
            {
                case PartitionedRateLimiter<HttpContext> limiter:
                    found.Add(limiter);
                    continue;
                case Delegate call:
                    foreach (var target in call.GetInvocationList().Select(c => c.Target).OfType<object>())
                    {
                        next.Enqueue(target);
                    }

                    continue;
                case object[] items:
                    foreach (var element in items.OfType<object>().Where(Middleware))
                    {
                        next.Enqueue(element);
                    }

                    continue;
            }

            for (var type = item.GetType(); type is not null && type != typeof(object); type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsValueType && field.GetValue(item) is { } value && Middleware(value))
                    {
                        next.Enqueue(value);
                    }
                }
            }
        }

        return found;

        // What a pipeline is made of: delegates, closures (a compiler's, or a compiled expression's constants), limiters,
        // and middleware (an object holding the next RequestDelegate).
        static bool Middleware(object value) =>
            value is Delegate or object[] or PartitionedRateLimiter<HttpContext>
            || value.GetType().FullName == "System.Runtime.CompilerServices.Closure"
            || value.GetType().IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false)
            || value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(f => f.FieldType == typeof(RequestDelegate));
    }

    /// <summary>Keeps the built pipeline (everything after the outermost test filter), to find its limiters at disposal.</summary>
    private sealed class KeepPipeline(RolloutApp app) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(rest =>
            {
                app.pipeline = rest;
                return rest;
            });
            next(builder);
        };
    }

    /// <summary>Clients wait up to five minutes: the concurrency tests queue thousands of requests on two cores.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Timeout = TimeSpan.FromMinutes(5);
    }

    /// <summary>A client whose requests come from <paramref name="address"/>, as a browser's from its connection.</summary>
    public HttpClient ClientFrom(string address, bool followRedirects = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    /// <summary>An HTTP client signed in as the bootstrap admin.</summary>
    public Task<HttpClient> Admin() => SignedIn(AdminEmail, AdminPassword);

    /// <summary>An HTTP client with the bearer token of a staff member.</summary>
    public async Task<HttpClient> SignedIn(string email, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Creates a staff member with one role and returns a client signed in as them.</summary>
    public async Task<HttpClient> Staff(string role)
    {
        var admin = await Admin();
        var email = $"{role}-{Guid.NewGuid():N}@test.local";
        const string password = StaffPassword;
        var created = await admin.PostAsJsonAsync("/api/staff", new { email, password, roles = new[] { role } });
        created.EnsureSuccessStatusCode();
        return await SignedIn(email, password);
    }

    /// <summary>
    /// A customer's bearer token, made here as the customers' door would make it but without a password to hash: the
    /// account (when it does not exist yet) and a session are written straight to the database, so a test can have
    /// thousands of customers and their tokens pass the session check like real ones.
    /// </summary>
    public string CustomerToken(string id, string? email = null)
    {
        email ??= $"{id}@example.es";
        var now = clock.GetUtcNow();
        Session session;
        lock (minting)
        {
            using var scope = Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Rollout.Storage.RolloutDb>();
            var user = db.Users.Find(id);
            if (user is null)
            {
                user = new Rollout.Identity.RolloutUser
                {
                    Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                };
                db.Users.Add(user);
            }

            session = Session.Start(id, user.SecurityStamp!, Door.Customer, now, TimeSpan.FromDays(365 * 20));
            db.Sessions.Add(session);
            db.SaveChanges();
        }

        var options = Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Email, email),
                new Claim(ClaimTypes.Role, Rollout.Identity.RolloutUser.CustomerRole), new Claim(StaffAuthentication.SessionClaim, session.Id),
            ],
            IdentityConstants.BearerScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = session.ExpiresAt }, IdentityConstants.BearerScheme);
        return options.BearerTokenProtector.Protect(ticket);
    }

    /// <summary>A client signed in as a customer (see <see cref="CustomerToken"/>).</summary>
    public HttpClient Customer(string id, string? email = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CustomerToken(id, email));
        return client;
    }

    private readonly Lock minting = new();

    private sealed record TokenResponse(string AccessToken);

    /// <summary>Gives a request the client address its test header names, before anything else reads it.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                if (System.Net.IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return then(context);
            });
            next(app);
        };
    }
}
