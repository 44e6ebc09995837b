# One image per host, from one recipe: docker build --build-arg PROJECT=src/Intake.Api/Intake.Api.csproj -t orderpipeline/intake .
# (PROJECT is any host: src/Intake.Api, src/Workers.Business, src/Workers.Notify, src/Workers.DeadLetter, src/Admin, src/Opctl,
# tools/DevGateway.) docker-compose.yml builds every one of them.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN dotnet publish "$PROJECT" -c Release -o /app --no-self-contained -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG ENTRY
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 DOTNET_gcServer=0 ENTRY=${ENTRY}
USER app
EXPOSE 8080
# The image's entry assembly is named by the build (ENTRY=Intake.Api.dll ...).
ENTRYPOINT ["sh", "-c", "exec dotnet \"/app/$ENTRY\" \"$@\"", "--"]
