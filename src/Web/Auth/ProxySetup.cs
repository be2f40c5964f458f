using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Workspaces.Data;
using Workspaces.Data.Errors;

namespace Workspaces.Web.Auth;

/// <summary>
/// Behind a reverse proxy (<c>Server:ForwardedHeaders</c>): the client's address, scheme and host come from the
/// proxy's <c>X-Forwarded-*</c> headers, but only when the connection comes from one of <c>Server:KnownProxies</c>;
/// anyone else could claim to be on HTTPS or at any address. ASP.NET's own defaults (loopback) are replaced, not
/// extended, so the configured list is the whole list.
/// </summary>
public static class ProxySetup
{
    public static Result<ForwardedHeadersOptions> Options(ServerSettings settings)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in settings.KnownProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
                options.KnownIPNetworks.Add(network);
            else if (IPAddress.TryParse(entry, out var address))
                options.KnownProxies.Add(address);
            else
                return Error.InvalidParameter($"Server:KnownProxies: '{entry}' is neither an IP address nor a CIDR range.");
        }
        return options;
    }
}
