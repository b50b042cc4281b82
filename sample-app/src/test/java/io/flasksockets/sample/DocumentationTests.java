package io.flasksockets.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation as a reader meets it: every relative link of the README, {@code docs/}, the sample's README
 * and the contributing guide leads to a file that exists (and to a heading, for links with an anchor), and every
 * {@code java} example compiles as shown, against the starter and the sample's dependencies.
 */
class DocumentationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);

	private static final Pattern TYPE_NAME = Pattern
		.compile("^(?:public\\s+)?(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)", Pattern.MULTILINE);

	static Stream<Path> pages() throws IOException {
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md"),
					ROOT.resolve("CHANGELOG.md"), ROOT.resolve("sample-app/README.md")));
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
			return pages.stream();
		}
	}

	static Stream<Example> examples() throws IOException {
		List<Example> examples = new ArrayList<>();
		for (Path page : pages().toList()) {
			Matcher block = JAVA_BLOCK.matcher(Files.readString(page));
			int index = 0;
			while (block.find()) {
				examples.add(new Example(ROOT.relativize(page) + " #" + (++index), block.group(1)));
			}
		}
		return examples.stream();
	}

	@ParameterizedTest
	@MethodSource("pages")
	void everyRelativeLinkLeadsToAFileAndHeadingThatExist(Path page) throws IOException {
		Matcher link = LINK.matcher(Files.readString(page));
		List<String> broken = new ArrayList<>();
		while (link.find()) {
			String target = link.group(1);
			if (target.matches("^[a-z]+:.*")) {
				continue;
			}
			int hash = target.indexOf('#');
			Path file = (hash == 0) ? page
					: page.getParent().resolve((hash > 0) ? target.substring(0, hash) : target).normalize();
			if (!Files.exists(file)) {
				broken.add(target + " (no such file)");
			}
			else if (hash >= 0 && file.toString().endsWith(".md")
					&& !anchors(file).contains(target.substring(hash + 1))) {
				broken.add(target + " (no such heading)");
			}
		}
		assertThat(broken).as(ROOT.relativize(page).toString()).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("examples")
	void everyJavaExampleCompilesAsShown(Example example, @TempDir Path directory) throws IOException {
		Matcher type = TYPE_NAME.matcher(example.code());
		assertThat(type.find()).as("%s declares a type", example).isTrue();
		Path source = directory.resolve(type.group(1) + ".java");
		Files.writeString(source, example.code());
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		StringWriter errors = new StringWriter();
		boolean compiled = compiler
			.getTask(errors, null, null, List.of("-proc:none", "-d", directory.toString(), "-classpath",
					System.getProperty("java.class.path")), null,
					compiler.getStandardFileManager(null, null, null).getJavaFileObjects(source))
			.call();
		assertThat(compiled).as("%s:%n%s", example, errors).isTrue();
	}

	/**
	 * Return the anchors GitHub gives a page's headings.
	 */
	private static Set<String> anchors(Path page) throws IOException {
		return Files.readAllLines(page)
			.stream()
			.filter((line) -> line.startsWith("#"))
			.map((line) -> line.replaceFirst("^#+\\s*", ""))
			.map(DocumentationTests::slug)
			.collect(Collectors.toSet());
	}

	private static String slug(String heading) {
		String plain = Normalizer.normalize(heading, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
		return plain.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	/**
	 * A Java example of a page.
	 */
	record Example(String name, String code) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
