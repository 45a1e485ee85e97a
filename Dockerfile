# The container image (ghcr.io/ppcert/ppcert): the static musl binary alone, for CI systems that
# run tools as images (Azure DevOps, GitLab). Built by the release workflow:
#   docker run --rm -v "$PWD:/work" -w /work ghcr.io/ppcert/ppcert lint .
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev perl make
WORKDIR /src
COPY . .
# The profile of the release archives and wheels (Cargo.toml): fat LTO, one codegen unit.
RUN cargo build --profile dist --locked && strip target/dist/ppcert

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /src/target/dist/ppcert /usr/local/bin/ppcert
ENTRYPOINT ["/usr/local/bin/ppcert"]
