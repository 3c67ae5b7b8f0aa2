using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Rollout.Identity;
using Rollout.Server.Http;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14: an uploaded file is what its type says or is refused naming its field; files go back as attachments the
/// browser may not sniff; each endpoint takes a body up to its own limit, and more gets 413 as a problem.
/// </summary>
public abstract class UploadTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Broken = "The screen stays black after a drop.";

    internal sealed record Problem(int Status, string? Code, string? Detail, long? Limit, Dictionary<string, string[]>? Errors);

    private sealed record Ticket(Guid Id, Guid[] Files);

    private sealed record Registration(Guid Id, Guid Proof);

    internal static class Files
    {
        public static byte[] Jpeg => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01];

        public static byte[] Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

        public static byte[] WebP => [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8];

        public static byte[] Pdf => "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"u8.ToArray();

        public static byte[] Text => Encoding.UTF8.GetBytes("Receipt 42 · 679,99 € · Tienda Gran Vía\n");

        public static byte[] Html => "<!doctype html><script>alert(document.cookie)</script>"u8.ToArray();
    }

    internal static MultipartFormDataContent Form(string field, string name, string type, byte[] bytes, params (string Name, string Value)[] fields)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        var form = new MultipartFormDataContent { { file, field, name } };
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        return form;
    }

    /// <summary>Ana's delivered phone with a repair ticket open on it, and her client.</summary>
    private async Task<(HttpClient Ana, Guid Ticket)> TicketOfAna()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        var ana = App.Customer("ana");
        var opened = await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Broken }, Ct);
        opened.EnsureSuccessStatusCode();
        return (ana, (await opened.Content.ReadFromJsonAsync<Ticket>(Ct))!.Id);
    }

    private static async Task<Problem> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<Problem>(Ct))!;
    }

    [Fact]
    public async Task A_file_whose_content_is_not_its_declared_type_is_refused_naming_the_field()
    {
        var (ana, ticket) = await TicketOfAna();
        var (_, other) = await AfterSales.DeliveredPhone(App, await App.Staff(StaffRoles.InventoryManager), "bea");
        using var carla = App.Customer("carla");

        var page = await ProblemOf(await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", "screen.jpg", "image/jpeg", Files.Html), Ct), HttpStatusCode.BadRequest);
        var pdfAsPng = await ProblemOf(await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", "screen.png", "image/png", Files.Pdf), Ct), HttpStatusCode.BadRequest);
        var withNul = await ProblemOf(await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", "notes.txt", "text/plain", [.. "notes"u8, 0x00, .. "more"u8]), Ct), HttpStatusCode.BadRequest);
        var notUtf8 = await ProblemOf(await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", "notes.txt", "text/plain", [0x52, 0xE9, 0x73, 0x75, 0x6D, 0xE9]), Ct), HttpStatusCode.BadRequest);
        var proof = await ProblemOf(await carla.PostAsync("/api/me/devices/registrations", Form("proof", "receipt.pdf", "application/pdf", Files.Jpeg, ("imei", other)), Ct), HttpStatusCode.BadRequest);

        Assert.Equal("attachment.content", page.Code);
        Assert.Contains("not a JPEG image", Assert.Single(page.Errors!["file"]), StringComparison.Ordinal);
        Assert.Contains("not a PNG image", Assert.Single(pdfAsPng.Errors!["file"]), StringComparison.Ordinal);
        Assert.Contains("without NUL", Assert.Single(withNul.Errors!["file"]), StringComparison.Ordinal);
        Assert.Contains("UTF-8", Assert.Single(notUtf8.Errors!["file"]), StringComparison.Ordinal);
        Assert.Contains("not a PDF document", Assert.Single(proof.Errors!["proof"]), StringComparison.Ordinal);
        using var support = await App.Staff(StaffRoles.SupportAgent);
        Assert.Empty((await support.GetFromJsonAsync<Registration[]>("/api/device-registrations", Ct))!); // nothing was written
        Assert.Empty((await ana.GetFromJsonAsync<Ticket>($"/api/tickets/{ticket}", Ct))!.Files);
    }

    [Fact]
    public async Task Photos_PDFs_and_text_that_are_what_they_say_are_taken()
    {
        var (ana, ticket) = await TicketOfAna();
        (string Name, string Type, byte[] Bytes)[] files =
        [
            ("screen.jpg", "image/jpeg", Files.Jpeg), ("screen.png", "image/png", Files.Png), ("screen.webp", "image/webp", Files.WebP),
            ("invoice.pdf", "application/pdf", Files.Pdf), ("notes.txt", "text/plain", Files.Text),
        ];

        foreach (var (name, type, bytes) in files)
        {
            Assert.Equal(HttpStatusCode.OK, (await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", name, type, bytes), Ct)).StatusCode);
        }

        Assert.Equal(files.Length, (await ana.GetFromJsonAsync<Ticket>($"/api/tickets/{ticket}", Ct))!.Files.Length);
    }

    [Fact]
    public async Task Files_go_back_as_attachments_the_browser_may_not_sniff_or_run()
    {
        var (ana, ticket) = await TicketOfAna();
        var (_, other) = await AfterSales.DeliveredPhone(App, await App.Staff(StaffRoles.InventoryManager), "bea");
        using var carla = App.Customer("carla");
        var photo = (await (await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", "notes.txt", "text/plain", Files.Text), Ct)).Content.ReadFromJsonAsync<Ticket>(Ct))!.Files.Single();
        (await carla.PostAsync("/api/me/devices/registrations", Form("proof", "receipt.pdf", "application/pdf", Files.Pdf, ("imei", other)), Ct)).EnsureSuccessStatusCode();
        using var support = await App.Staff(StaffRoles.SupportAgent);
        var proof = (await support.GetFromJsonAsync<Registration[]>("/api/device-registrations", Ct))!.Single().Proof;
        using var console = FormClient.For(App);
        await console.SignInToConsole();

        var downloads = new[]
        {
            ("the customer's copy", await ana.GetAsync($"/api/tickets/{ticket}/files/{photo}", Ct), "notes.txt"),
            ("support's copy", await support.GetAsync($"/api/attachments/{proof}", Ct), "receipt.pdf"),
            ("the console's ticket page", await console.Get($"/admin/tickets/{ticket}?handler=File&file={photo}"), "notes.txt"),
            ("the console's support page", await console.Get($"/admin/support?handler=Proof&id={proof}"), "receipt.pdf"),
        };

        foreach (var (what, response, name) in downloads)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(name, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.GetValues("Content-Security-Policy").Single().StartsWith("default-src 'none'", StringComparison.Ordinal), what);
        }
    }

    [Fact]
    public async Task Each_endpoint_takes_a_body_up_to_its_own_limit_and_more_is_a_413_problem()
    {
        var (ana, ticket) = await TicketOfAna();
        using var admin = await App.Admin();
        static StringContent Json(int bytes) => new($"{{\"reference\": \"{new string('x', bytes)}\"}}", Encoding.UTF8, "application/json");

        var anonymous = await ProblemOf(await App.CreateClient().PostAsync("/api/auth/token", Json(70 * 1024), Ct), HttpStatusCode.RequestEntityTooLarge);
        var customer = await ProblemOf(await ana.PostAsync("/api/tickets", Json(70 * 1024), Ct), HttpStatusCode.RequestEntityTooLarge);
        var staffSmall = await admin.PostAsync("/api/stock/receipts", Json(70 * 1024), Ct);
        var staffLarge = await ProblemOf(await admin.PostAsync("/api/stock/receipts", Json(1100 * 1024), Ct), HttpStatusCode.RequestEntityTooLarge);
        var fullPhoto = await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", "big.png", "image/png", [.. Files.Png, .. new byte[Rollout.Devices.Attachment.MaxBytes - Files.Png.Length]]), Ct);
        var hugePhoto = await ProblemOf(await ana.PostAsync($"/api/tickets/{ticket}/files", Form("file", "huge.png", "image/png", [.. Files.Png, .. new byte[6 * 1024 * 1024]]), Ct), HttpStatusCode.RequestEntityTooLarge);
        var bigCatalog = await admin.PostAsync("/api/catalog/import", Json(2 * 1024 * 1024), Ct);
        var hugeCatalog = await ProblemOf(await admin.PostAsync("/api/catalog/import", Json(17 * 1024 * 1024), Ct), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(("request.too_large", RequestBodyLimits.Public), (anonymous.Code, anonymous.Limit));
        Assert.Contains("at most 64 KiB", anonymous.Detail, StringComparison.Ordinal);
        Assert.Equal(RequestBodyLimits.Public, customer.Limit); // anyone can be a customer
        Assert.Equal(HttpStatusCode.BadRequest, staffSmall.StatusCode); // read, and refused for what it says
        Assert.Equal(RequestBodyLimits.Staff, staffLarge.Limit);
        Assert.Equal(HttpStatusCode.OK, fullPhoto.StatusCode);
        Assert.Equal(RequestBodyLimits.Upload, hugePhoto.Limit);
        Assert.Equal(HttpStatusCode.BadRequest, bigCatalog.StatusCode);
        Assert.Equal(RequestBodyLimits.Import, hugeCatalog.Limit);
    }

    [Fact]
    public async Task A_storefront_form_with_a_file_over_the_limit_is_a_413_problem()
    {
        using var browser = FormClient.For(App);
        var registered = await browser.PostForm("/es/account", new Dictionary<string, string> { ["name"] = "Ana", ["email"] = "ana@example.es", ["password"] = "Customer-Pass-1" }, "Register");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var html = await (await browser.Get("/es/help")).Content.ReadAsStringAsync(Ct);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = Form("photo", "huge.png", "image/png", [.. Files.Png, .. new byte[6 * 1024 * 1024]], ("problem", Broken), ("__RequestVerificationToken", WebUtility.HtmlDecode(token)));

        var problem = await ProblemOf(await browser.Send(new HttpRequestMessage(HttpMethod.Post, "/es/help") { Content = form }), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(RequestBodyLimits.Upload, problem.Limit);
    }
}

public sealed class SqliteUploadTests() : UploadTests(StorageProvider.Sqlite);

public sealed class PostgresUploadTests() : UploadTests(StorageProvider.Postgres);

/// <summary>A body sent in chunks, without its length, is cut off by Kestrel at the endpoint's limit: still a 413 problem.</summary>
public sealed class ChunkedBodyLimitTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private RolloutApp app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.Create(StorageProvider.Sqlite);
        app = RolloutApp.Start(database, loadDemo: false, kestrel: true);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<UploadTests.Problem> Send(string path, int bytes, string? bearer = null)
    {
        using var http = new HttpClient { BaseAddress = app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"email\": \"{new string('x', bytes)}\"}}"))) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.TransferEncodingChunked = true;
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<UploadTests.Problem>(Ct))!;
    }

    [Fact]
    public async Task A_chunked_JSON_body_over_the_public_limit_is_a_413_problem()
    {
        var problem = await Send("/api/auth/token", 100 * 1024);

        Assert.Equal(("request.too_large", RequestBodyLimits.Public), (problem.Code, problem.Limit));
    }

    [Fact]
    public async Task A_chunked_catalog_over_the_import_limit_is_a_413_problem()
    {
        using var admin = await app.Admin();
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter;

        var problem = await Send("/api/catalog/import", 17 * 1024 * 1024, token);

        Assert.Equal(("request.too_large", RequestBodyLimits.Import), (problem.Code, problem.Limit));
    }
}
