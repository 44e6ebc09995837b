using System.Text.RegularExpressions;
using OrderPipeline.Tests.Shared;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

/// <summary>The shape of the code, checked so that drift fails CI: a file holds the one type it is named for (Program.cs none), in its project's and folders' namespace.</summary>
public sealed partial class CodeShapeTests
{
    [Fact]
    public void Every_source_file_holds_the_one_type_it_is_named_for()
    {
        var src = Path.Combine(Repository.Root, "src");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.EndsWith(".cshtml.cs", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(src, f), Types: TopLevelType().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value).ToList()))
            // A host's Program.cs is its table of contents: top-level statements, no types.
            .Where(f => Path.GetFileName(f.File) == "Program.cs" ? f.Types.Count > 0 : f.Types.Count != 1 || f.Types[0] != Path.GetFileNameWithoutExtension(f.File))
            .Select(f => $"{f.File}: {string.Join(", ", f.Types)}")
            .ToList();
        Assert.True(offenders.Count == 0, "files that do not hold exactly the type they are named for:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_namespace_is_its_projects_root_namespace_and_then_its_folders()
    {
        var src = Path.Combine(Repository.Root, "src");
        var offenders = new List<string>();
        foreach (var project in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(project)!;
            var root = RootNamespace().Match(File.ReadAllText(project)) is { Success: true } m ? m.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, Path.GetDirectoryName(file)!);
                if (relative.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj", "Migrations"]).Any() || Path.GetFileName(file) == "Program.cs")
                {
                    continue;
                }

                var expected = relative == "." ? root : root + "." + relative.Replace(Path.DirectorySeparatorChar, '.');
                var declared = FileNamespace().Match(File.ReadAllText(file)) is { Success: true } n ? n.Groups[1].Value : "(none)";
                if (declared != expected)
                {
                    offenders.Add($"{Path.GetRelativePath(src, file)}: {declared}, expected {expected}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "files whose namespace is not their project's and folders':\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_readme_names_every_setting_of_every_options_section()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var lines = readme.Split('\n');
        var missing = new List<string>();

        IEnumerable<(string Type, string Name)> PropertiesOf(string type) =>
            sources.FirstOrDefault(s => Regex.IsMatch(s, $@"(class|record) {type}\b")) is { } source
                ? SettableProperty().Matches(source).Select(m => (m.Groups[1].Value.Trim().TrimEnd('?'), m.Groups[2].Value))
                : [];

        void Walk(string section, string type)
        {
            foreach (var (propertyType, name) in PropertiesOf(type))
            {
                if (propertyType.EndsWith("Options", StringComparison.Ordinal) || propertyType.EndsWith("Settings", StringComparison.Ordinal))
                {
                    Walk($"{section}:{name}", propertyType);
                    continue;
                }

                // Named whole (`Notify:PrefetchCount`) or after its section in a row of that section (`Notify:PrefetchCount`, `:ConcurrentMessageLimit`).
                var key = $"{section}:{name}";
                if (!readme.Contains(key, StringComparison.Ordinal)
                    && !lines.Any(l => l.Contains($"`{section}:", StringComparison.Ordinal) && l.Contains($"`:{name}`", StringComparison.Ordinal)))
                {
                    missing.Add(key);
                }
            }
        }

        foreach (var source in sources)
        {
            if (OptionsSection().Match(source) is { Success: true } section && TypeName().Match(source) is { Success: true } type)
            {
                Walk(section.Groups[1].Value, type.Groups[1].Value);
            }
        }

        Assert.True(missing.Count == 0, "settings the README's Configuration does not name:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_check_sees_a_second_type()
    {
        const string Source = "namespace X;\n\npublic sealed record A(int B);\n\n/// <summary>x</summary>\npublic static class C\n{\n}\n";
        Assert.Equal(["A", "C"], TopLevelType().Matches(Source).Select(m => m.Groups[1].Value));
    }

    [GeneratedRegex(@"public const string Section = ""([^""]+)"";")]
    private static partial Regex OptionsSection();

    [GeneratedRegex(@"^(?:public |internal )?(?:sealed )?(?:class|record) ([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"public (?:required )?([A-Za-z<>\[\]?,. ]+?) ([A-Z][A-Za-z0-9]*) \{ get; (?:set|init); \}")]
    private static partial Regex SettableProperty();

    [GeneratedRegex(@"<RootNamespace>([^<]+)</RootNamespace>")]
    private static partial Regex RootNamespace();

    [GeneratedRegex(@"^namespace ([A-Za-z0-9_.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    /// <summary>A type declared at the start of a line (file-scoped namespaces: top-level types are not indented).</summary>
    [GeneratedRegex(@"^(?:public |internal )?(?:(?:sealed|static|abstract|partial|readonly) )*(?:class|record struct|record|enum|interface|struct) ([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
