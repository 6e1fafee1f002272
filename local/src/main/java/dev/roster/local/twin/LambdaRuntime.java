package dev.roster.local.twin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Lambda's managed Java runtime as a folder, like {@code /var/runtime}: {@code lib/} holds the runtime interface
 * client and its libraries (copied by the build into {@code local/target/lambda-runtime}), {@code lib/jni/} its
 * native Runtime API client, extracted once so that the function JVMs do not each write it to /tmp.
 */
final class LambdaRuntime {

    private final Path directory;
    private final List<Path> libraries;
    private final Path jniLibrary;

    private LambdaRuntime(Path directory, List<Path> libraries, Path jniLibrary) {
        this.directory = directory;
        this.libraries = libraries;
        this.jniLibrary = jniLibrary;
    }

    static LambdaRuntime install(Path jars, Path directory) {
        try {
            Path lib = Files.createDirectories(directory.resolve("lib"));
            List<Path> libraries;
            try (Stream<Path> files = Files.list(jars)) {
                libraries = files.filter(p -> p.toString().endsWith(".jar")).sorted().map(jar -> {
                    try {
                        return Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).collect(Collectors.toList());
            }
            Path ric = libraries.stream()
                    .filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no runtime interface client in " + jars
                            + " (mvn package copies it there)"));
            String name = "libaws-lambda-jni.linux-" + (System.getProperty("os.arch").equals("aarch64")
                    ? "aarch_64" : "x86_64") + ".so";
            Path jni = Files.createDirectories(lib.resolve("jni")).resolve(name);
            try (ZipFile zip = new ZipFile(ric.toFile()); InputStream in = zip.getInputStream(zip.getEntry("jni/" + name))) {
                Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
            }
            return new LambdaRuntime(directory, libraries, jni);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the Lambda runtime from " + jars, e);
        }
    }

    Path directory() {
        return directory;
    }

    String classPath() {
        return libraries.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    Path jniLibrary() {
        return jniLibrary;
    }
}
