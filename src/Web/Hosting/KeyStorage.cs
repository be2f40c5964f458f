using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Workspaces.Data.Auth;

namespace Workspaces.Web.Hosting;

/// <summary>
/// Data Protection keys (they sign and encrypt the sign-in cookie, antiforgery tokens and OIDC state) live where every
/// replica and every restart finds them: <c>Server:DataProtectionKeysPath</c> when set, else the database. The default
/// (<c>~/.aspnet</c> of one process) would sign everyone out on a container restart and make a second replica refuse
/// the first one's cookies.
/// </summary>
public static class KeyStorage
{
    public const string ApplicationName = "Workspaces";

    public static IServiceCollection AddSharedKeyStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        // A malformed Server section is reported by the start-up checks; until then the database is the safe default.
        if (StartupChecks.ReadSettings(configuration) is { IsSuccess: true, Value.DataProtectionKeysPath: { Length: > 0 } path })
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(path));
            return services;
        }
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<DataProtectionKeyStore>())));
        return services;
    }

    /// <summary>The framework's key repository over <see cref="DataProtectionKeyStore"/>.</summary>
    private sealed class DatabaseXmlRepository(DataProtectionKeyStore keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => keys.ReadAll().Select(xml => XElement.Parse(xml)).ToList();

        public void StoreElement(XElement element, string friendlyName) => keys.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
