namespace OrderPipeline.Admin.Console;

/// <summary>Which requests are the console's pages (answered with pages) and which are APIs (answered with problem details).</summary>
public static class ConsolePaths
{
    public static bool IsPage(PathString path) =>
        !path.StartsWithSegments("/admin") && !path.StartsWithSegments("/console") && !path.StartsWithSegments("/health")
        && !path.StartsWithSegments("/openapi");
}
