using System.Text.RegularExpressions;
using OrderPipeline.Tests.Shared;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

/// <summary>The shape of the code, checked so that drift fails CI: a file holds the one type it is named for; Program.cs none.</summary>
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
    public void The_check_sees_a_second_type()
    {
        const string Source = "namespace X;\n\npublic sealed record A(int B);\n\n/// <summary>x</summary>\npublic static class C\n{\n}\n";
        Assert.Equal(["A", "C"], TopLevelType().Matches(Source).Select(m => m.Groups[1].Value));
    }

    /// <summary>A type declared at the start of a line (file-scoped namespaces: top-level types are not indented).</summary>
    [GeneratedRegex(@"^(?:public |internal )?(?:(?:sealed|static|abstract|partial|readonly) )*(?:class|record struct|record|enum|interface|struct) ([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
