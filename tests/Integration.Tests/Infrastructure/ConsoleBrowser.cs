using Microsoft.Playwright;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>
/// Headless Chromium from Debian (<c>/usr/bin/chromium</c>; Playwright's own downloads cannot reach the internet here), driven by
/// Playwright, one browser context (cookie jar) per person. Every test saves a screenshot of its last page to
/// <c>TestResults/screenshots</c> (or <c>OP_TEST_SCREENSHOTS</c>), beside the test results.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("OP_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public static string ScreenshotFolder => Environment.GetEnvironmentVariable("OP_TEST_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(TestEnvironment.RepositoryRoot, "TestResults", "screenshots");

    readonly IPlaywright _playwright;
    readonly IBrowser _browser;
    readonly Uri _baseAddress;

    ConsoleBrowser(IPlaywright playwright, IBrowser browser, Uri baseAddress) => (_playwright, _browser, _baseAddress) = (playwright, browser, baseAddress);

    public static async Task<ConsoleBrowser> LaunchAsync(Uri baseAddress)
    {
        var playwright = await Playwright.CreateAsync();
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new ConsoleBrowser(playwright, browser, baseAddress);
    }

    /// <summary>A person's own browser context, signed in with <paramref name="key"/> through the sign-in page.</summary>
    public async Task<IPage> SignInAsync(string key, int width = 1280, int height = 900)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        }
        catch (TimeoutException e)
        {
            // Say where it stopped: the page it is on and what that page says.
            await ScreenshotAsync(page, "sign-in-did-not-finish");
            throw new TimeoutException($"Signing in did not leave the sign-in page: at {page.Url}, which says: {await page.InnerTextAsync("body")}", e);
        }

        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
