package io.flasksockets.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured figure of a scenario: the baseline's and the starter's values over the runs, and their ratio.
 *
 * @param scenario the scenario
 * @param name the figure's name, with its unit
 * @param baseline the baseline's values
 * @param starter the starter's values
 */
record Figure(String scenario, String name, List<Double> baseline, List<Double> starter) {

	/**
	 * The median of the pairs' ratios, starter over baseline, or not a number when the baseline's median is less
	 * than one (nothing measured, such as a thread the baseline does not have).
	 */
	double ratio() {
		return (Math.abs(median(this.baseline)) >= 1) ? median(ratios()) : Double.NaN;
	}

	/**
	 * Each pair's ratio, starter over baseline, for the pairs whose baseline measured something.
	 */
	private List<Double> ratios() {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(this.baseline.size(), this.starter.size()); i++) {
			if (Math.abs(this.baseline.get(i)) >= 1) {
				ratios.add(this.starter.get(i) / this.baseline.get(i));
			}
		}
		return ratios;
	}

	static String table(List<Figure> figures, String baselineName, String starterName) {
		StringBuilder table = new StringBuilder("| Scenario | Figure | Ratio " + starterName + " ÷ " + baselineName
				+ ", median of the pairs (min–max) | "
				+ baselineName + " median (min–max) | " + starterName + " median (min–max) |\n"
				+ "| --- | --- | --- | --- | --- |\n");
		for (Figure figure : figures) {
			double ratio = figure.ratio();
			String shown = Double.isFinite(ratio) ? String.format(Locale.ROOT, "**%.2f** (%.2f–%.2f)", ratio,
					min(figure.ratios()), max(figure.ratios())) : "n/a";
			table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", figure.scenario(), figure.name(),
					shown, summary(figure.baseline()), summary(figure.starter())));
		}
		return table.toString();
	}

	private static String summary(List<Double> values) {
		return String.format(Locale.ROOT, "%s (%s–%s)", format(median(values)), format(min(values)),
				format(max(values)));
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

	private static String format(double value) {
		return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.2f", value);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
