using System.Text;

namespace Workspaces.Data.Errors;

/// <summary>An expected failure of a service call: what the client did wrong, in MLflow's words.</summary>
public sealed record Error(ErrorCode Code, string Message)
{
    /// <summary>The code as MLflow writes it on the wire (<c>RESOURCE_DOES_NOT_EXIST</c>).</summary>
    public string WireCode => ToWireName(Code);

    public static string ToWireName(ErrorCode code)
    {
        var name = code.ToString();
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
                sb.Append('_');
            sb.Append(char.ToUpperInvariant(name[i]));
        }
        return sb.ToString();
    }

    public static Error InvalidParameter(string message) => new(ErrorCode.InvalidParameterValue, message);
    public static Error NotFound(string message) => new(ErrorCode.ResourceDoesNotExist, message);
    public static Error AlreadyExists(string message) => new(ErrorCode.ResourceAlreadyExists, message);
    public static Error InvalidState(string message) => new(ErrorCode.InvalidState, message);
    public static Error BadRequest(string message) => new(ErrorCode.BadRequest, message);

    /// <summary>MLflow's message for a required field that is absent, null or empty.</summary>
    public static Error MissingParameter(string name) => InvalidParameter(
        $"Missing value for required parameter '{name}'. See the API docs for more information about request parameters.");

    public static Error WorkspaceNotFound(string name) => NotFound($"Workspace '{name}' not found");
}
