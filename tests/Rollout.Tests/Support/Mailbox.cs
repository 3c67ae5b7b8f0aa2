using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Mail;
using Rollout.Storage;

namespace Rollout.Tests.Support;

/// <summary>The e-mails a test's server queued in its outbox, and the links in them.</summary>
internal static partial class Mailbox
{
    /// <summary>The messages to <paramref name="to"/> about <paramref name="topic"/>, oldest first.</summary>
    public static async Task<List<OutboxMessage>> To(RolloutApp app, string to, string topic)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.To == to && m.Topic == topic).OrderBy(m => m.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The one link in a message, and its e-mail and token parameters as a browser would read them.</summary>
    public static (Uri Link, string Email, string Token) LinkIn(OutboxMessage message)
    {
        var link = new Uri(Assert.Single(Link().Matches(message.Body)).Value);
        var query = QueryHelpers.ParseQuery(link.Query);
        return (link, query["email"].ToString(), query["token"].ToString());
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
