using System.Text;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Files;
using Workspaces.Web.Endpoints;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The artifact browser on real storage (auth off): lazy tree, previews by kind, download addresses, failures as messages.</summary>
public sealed class ArtifactBrowserTests(DataFixture<SqliteDb> data) : UiTestContext(data), IClassFixture<DataFixture<SqliteDb>>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private async Task<(string Ws, string RunId, ArtifactArrange Arrange)> RunAsync(string? root = null)
    {
        var ws = $"files-{Guid.NewGuid():N}"[..14];
        var created = await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.CreateAsync(new CreateWorkspace(ws, null, root), Ct));
        Assert.True(created.IsSuccess, created.Error?.Message);
        var arrange = new ArtifactArrange(Data, ws);
        return (ws, await arrange.RunAsync(await arrange.ExperimentAsync()), arrange);
    }

    private IRenderedComponent<ArtifactBrowser> Browse(string ws, string runId)
    {
        Enter(ws);
        return Render<ArtifactBrowser>(p => p.Add(x => x.Owner, ArtifactOwner.Run(ws, runId)));
    }

    private static IElement Node(IRenderedComponent<ArtifactBrowser> cut, string path) => cut.Find($".artifact-node[data-path='{path}']");

    private static async Task<IElement> OpenAsync(IRenderedComponent<ArtifactBrowser> cut, string path)
    {
        await cut.WaitForElement($".artifact-node[data-path='{path}'] .artifact-name", Wait).ClickAsync(new());
        cut.WaitForElement($"#artifact-selected[data-path='{path}'] #artifact-preview", Wait);
        // The pane shows a progress bar until the content is read: the preview is what comes after it.
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#artifact-selected .artifact-loading")), Wait);
        return cut.Find($"#artifact-selected[data-path='{path}'] #artifact-preview");
    }

    [Fact]
    public async Task The_tree_lists_folders_first_with_sizes_and_lists_a_folder_only_when_expanded()
    {
        var (ws, run, arrange) = await RunAsync();
        await arrange.RunFileAsync(run, "notes.txt", "hello");
        await arrange.RunFileAsync(run, "model/MLmodel", "flavors: {}");
        await arrange.RunFileAsync(run, "model/data/weights.bin", new byte[2048]);
        await arrange.RunFileAsync(run, "a-metrics.json", "{}");

        var cut = Browse(ws, run);
        cut.WaitForAssertion(() => Assert.Equal(["model", "a-metrics.json", "notes.txt"],
            cut.FindAll(".artifact-node").Select(n => n.GetAttribute("data-path"))), Wait);
        Assert.Equal("true", Node(cut, "model").GetAttribute("data-dir"));
        Assert.Equal("5 B", Node(cut, "notes.txt").QuerySelector(".artifact-size")!.TextContent.Trim());
        Assert.Contains(ws, cut.Find("#artifact-tree").TextContent, StringComparison.Ordinal); // the root URI is shown

        await cut.Find(".artifact-node[data-path='model'] .artifact-toggle").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(["model", "model/data", "model/MLmodel", "a-metrics.json", "notes.txt"],
            cut.FindAll(".artifact-node").Select(n => n.GetAttribute("data-path"))), Wait);
        await cut.Find(".artifact-node[data-path='model/data'] .artifact-name").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("2.0 KB", Node(cut, "model/data/weights.bin").QuerySelector(".artifact-size")!.TextContent.Trim()), Wait);

        await cut.Find(".artifact-node[data-path='model'] .artifact-toggle").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".artifact-node").Count), Wait);
    }

    [Fact]
    public async Task A_run_without_files_says_how_to_log_some()
    {
        var (ws, run, _) = await RunAsync();
        var cut = Browse(ws, run);
        cut.WaitForAssertion(() => Assert.Contains("mlflow.log_artifact(...)", cut.Find("#artifact-empty").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll(".artifact-node"));
    }

    [Fact]
    public async Task Json_is_indented_and_invalid_json_is_shown_as_it_is()
    {
        var (ws, run, arrange) = await RunAsync();
        await arrange.RunFileAsync(run, "metrics.json", """{"accuracy":0.93,"labels":["a","b"]}""");
        await arrange.RunFileAsync(run, "broken.json", "{not json");
        var cut = Browse(ws, run);

        await OpenAsync(cut, "metrics.json");
        // The preview renders once the content is read; wait for it rather than the first frame.
        cut.WaitForAssertion(() => Assert.Equal("{\n  \"accuracy\": 0.93,\n  \"labels\": [\n    \"a\",\n    \"b\"\n  ]\n}",
            cut.Find("#artifact-text").TextContent.ReplaceLineEndings("\n")), Wait);
        Assert.Equal("json", cut.Find("#artifact-preview").GetAttribute("data-kind"));
        Assert.Empty(cut.FindAll("#artifact-invalid-json"));

        await OpenAsync(cut, "broken.json");
        cut.WaitForAssertion(() => Assert.Equal("{not json", cut.Find("#artifact-text").TextContent), Wait);
        Assert.Single(cut.FindAll("#artifact-invalid-json"));
    }

    [Theory]
    [InlineData("conda.yaml", "name: env\ndependencies:\n  - python=3.11\n")]
    [InlineData("model/MLmodel", "artifact_path: model\nflavors:\n  python_function: {}\n")]
    [InlineData("train.log", "epoch 1 loss=0.5 <b>not markup</b>\n")]
    public async Task Text_files_are_shown_verbatim(string path, string text)
    {
        var (ws, run, arrange) = await RunAsync();
        await arrange.RunFileAsync(run, path, text);
        var cut = Browse(ws, run);
        if (path.Contains('/', StringComparison.Ordinal))
            await cut.WaitForElement(".artifact-node[data-path='model'] .artifact-toggle", Wait).ClickAsync(new());

        var preview = await OpenAsync(cut, path);
        Assert.Equal("text", preview.GetAttribute("data-kind"));
        cut.WaitForAssertion(() => Assert.Equal(text, cut.Find("#artifact-text").TextContent), Wait);
        Assert.Empty(preview.QuerySelectorAll("b"));
    }

    [Fact]
    public async Task Csv_and_tsv_show_as_a_table_under_their_header_row_and_long_ones_are_cut()
    {
        var (ws, run, arrange) = await RunAsync();
        await arrange.RunFileAsync(run, "eval.csv", "label,score,note\ncat,0.9,\"fluffy, small\"\ndog,0.8,\"says \"\"woof\"\"\"\n");
        await arrange.RunFileAsync(run, "eval.tsv", "a\tb\n1\t2\n");
        await arrange.RunFileAsync(run, "long.csv", "n\n" + string.Join("\n", Enumerable.Range(1, 150)));
        var cut = Browse(ws, run);

        Assert.Equal("table", (await OpenAsync(cut, "eval.csv")).GetAttribute("data-kind"));
        cut.WaitForAssertion(() => Assert.Equal(["label", "score", "note"], cut.FindAll("#artifact-csv th").Select(h => h.TextContent.Trim())), Wait);
        Assert.Equal([["cat", "0.9", "fluffy, small"], ["dog", "0.8", "says \"woof\""]],
            cut.FindAll("#artifact-csv tbody tr").Select(r => r.QuerySelectorAll("td").Select(d => d.TextContent.Trim()).ToArray()));
        Assert.Equal("2 rows.", cut.Find("#artifact-csv-count").TextContent.Trim());

        await OpenAsync(cut, "eval.tsv");
        cut.WaitForAssertion(() => Assert.Equal(["a", "b"], cut.FindAll("#artifact-csv th").Select(h => h.TextContent.Trim())), Wait);

        await OpenAsync(cut, "long.csv");
        cut.WaitForAssertion(() => Assert.Equal(ArtifactPreviews.MaxTableRows, cut.FindAll("#artifact-csv tbody tr").Count), Wait);
        Assert.StartsWith("The first 100 rows", cut.Find("#artifact-csv-count").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plots/roc.png")]
    [InlineData("plots/roc.svg")]
    public async Task Images_are_shown_in_an_img_tag_from_the_download_address(string path)
    {
        var (ws, run, arrange) = await RunAsync();
        await arrange.RunFileAsync(run, path, path.EndsWith(".svg", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>""")
            : [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var cut = Browse(ws, run);
        await cut.WaitForElement(".artifact-node[data-path='plots'] .artifact-toggle", Wait).ClickAsync(new());

        var preview = await OpenAsync(cut, path);
        Assert.Equal("image", preview.GetAttribute("data-kind"));
        var expected = ArtifactDownloads.RunUrl(ws, run, path);
        Assert.Equal(expected, cut.Find("#artifact-image").GetAttribute("src"));
        Assert.Equal(expected, cut.Find("#artifact-download").GetAttribute("href"));
        Assert.Empty(preview.QuerySelectorAll("svg script")); // svg is never inlined
    }

    [Fact]
    public async Task Large_binary_and_unknown_files_offer_only_the_download()
    {
        var (ws, run, arrange) = await RunAsync();
        await arrange.RunFileAsync(run, "big.txt", new string('x', ArtifactPreviews.MaxTextBytes + 1));
        await arrange.RunFileAsync(run, "nul.txt", new byte[] { 65, 0, 66 });
        await arrange.RunFileAsync(run, "model.pkl", new byte[] { 1, 2, 3 });
        var cut = Browse(ws, run);

        await OpenAsync(cut, "big.txt");
        cut.WaitForAssertion(() => Assert.Contains("1.0 MB", cut.Find("#artifact-too-large").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll("#artifact-text"));
        Assert.Equal(ArtifactDownloads.RunUrl(ws, run, "big.txt"), cut.Find("#artifact-download").GetAttribute("href"));
        Assert.Equal("big.txt", cut.Find("#artifact-download").GetAttribute("download"));

        await OpenAsync(cut, "nul.txt");
        cut.WaitForElement("#artifact-no-preview", Wait);
        await OpenAsync(cut, "model.pkl");
        cut.WaitForElement("#artifact-no-preview", Wait);
        Assert.Empty(cut.FindAll("#artifact-text"));
    }

    [Fact]
    public async Task A_location_the_server_cannot_read_is_explained()
    {
        var (ws, run, _) = await RunAsync(root: "gs://bucket/team");
        var cut = Browse(ws, run);
        cut.WaitForAssertion(() => Assert.Contains("gs://bucket/team", cut.Find("#artifact-unavailable").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll(".artifact-node"));
    }

    [Fact]
    public async Task Unreachable_storage_shows_an_alert_instead_of_an_error_page()
    {
        var (ws, run, _) = await RunAsync();
        Services.AddSingleton<IArtifactStoreFactory>(new UnreachableStores());
        var cut = Browse(ws, run);
        cut.WaitForAssertion(() => Assert.Contains("storage is unreachable", cut.Find(".artifact-error").TextContent, StringComparison.Ordinal), Wait);
    }

    /// <summary>Every store fails the way a dead S3 endpoint does: on use, not on creation.</summary>
    private sealed class UnreachableStores : IArtifactStoreFactory, IArtifactStore
    {
        public IArtifactStore Destination => this;

        public IArtifactStore? ForUri(string uri) => this;

        public string Location => "s3://unreachable";

        public Task<ArtifactFile?> OpenReadAsync(string path, CancellationToken ct) => throw Down();

        public Task WriteAsync(string path, Stream content, long? length, CancellationToken ct) => throw Down();

        public Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken ct) => throw Down();

        public Task DeleteAsync(string path, CancellationToken ct) => throw Down();

        public IAsyncEnumerable<(string Path, long Size)> WalkAsync(string directory, CancellationToken ct) => throw Down();

        private static IOException Down() => new("storage is unreachable");
    }
}
