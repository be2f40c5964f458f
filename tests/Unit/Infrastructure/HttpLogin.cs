using System.Net;
using System.Text.RegularExpressions;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// The browser's sign-in form over plain HTTP against a real server process (no cookie jar: the caller passes cookies, so
/// it can send one replica's cookie to another).
/// </summary>
public static partial class HttpLogin
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The login page's antiforgery field and the cookie it pairs with.</summary>
    public static async Task<(string Token, string Cookie)> FormAsync(HttpClient client)
    {
        var page = await client.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = TokenField().Match(await page.Content.ReadAsStringAsync(Ct));
        Assert.True(token.Success, "no antiforgery field on /login");
        return (WebUtility.HtmlDecode(token.Groups[1].Value), Cookie(page, TestBrowser.AntiforgeryCookie));
    }

    /// <summary>Posts the form; a redirect with the session cookie when it worked, 429 when locked out.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string user, string password, (string Token, string Cookie) form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = form.Token,
                ["Input.Username"] = user,
                ["Input.Password"] = password,
            }),
        };
        request.Headers.Add("Cookie", form.Cookie);
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Signs in and returns the session cookie (<c>name=value</c>).</summary>
    public static async Task<string> SignInAsync(HttpClient client, string user, string password)
    {
        var response = await PostAsync(client, user, password, await FormAsync(client));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Cookie(response, TestBrowser.SessionCookie);
    }

    /// <summary>The <c>name=value</c> of the cookie the response set under <paramref name="prefix"/>.</summary>
    public static string Cookie(HttpResponseMessage response, string prefix) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
