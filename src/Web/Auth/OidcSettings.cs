namespace Workspaces.Web.Auth;

/// <summary>Section <c>Auth:Oidc</c>: sign-in through the company's OpenID Connect provider (authorization code + PKCE).</summary>
public sealed class OidcSettings
{
    /// <summary>Empty: OpenID Connect is off and only the local login form is offered.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    public string Scopes { get; set; } = "openid profile email";

    /// <summary>The claim that becomes the user name.</summary>
    public string UsernameClaim { get; set; } = "preferred_username";

    /// <summary>The claim listing the user's groups, and the group whose members are admins.</summary>
    public string AdminGroupClaim { get; set; } = "groups";

    public string? AdminGroupValue { get; set; }

    /// <summary>Only for test providers on http://; never turn off in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string DisplayName { get; set; } = "Sign in with single sign-on";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
