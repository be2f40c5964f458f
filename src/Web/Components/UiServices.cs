using MudBlazor.Services;
using Workspaces.Web.Components.Pages.Gateway;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Web.Components;

public static class UiServices
{
    /// <summary>What the Blazor pages need besides the data layer; the component tests register the same.</summary>
    public static IServiceCollection AddWorkspacesUi(this IServiceCollection services)
    {
        services.AddScoped<AccessBinding>();
        services.AddScoped<WorkspaceSession>();
        services.AddScoped<IGatewayPlayground, InvokerPlayground>();
        services.AddMudServices();
        return services;
    }
}
