package io.flasksockets.benchmarks;

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
	 * The starter's median over the baseline's, or not a number when the baseline's is less than one (nothing
	 * measured, such as a thread the baseline does not have).
	 */
	double ratio() {
		double baseline = median(this.baseline);
		return (Math.abs(baseline) >= 1) ? median(this.starter) / baseline : Double.NaN;
	}

	static String table(List<Figure> figures, String baselineName, String starterName) {
		StringBuilder table = new StringBuilder("| Scenario | Figure | Ratio " + starterName + " ÷ " + baselineName + " | "
				+ baselineName + " median (min–max) | " + starterName + " median (min–max) |\n"
				+ "| --- | --- | --- | --- | --- |\n");
		for (Figure figure : figures) {
			double ratio = figure.ratio();
			String shown = Double.isFinite(ratio) ? String.format(Locale.ROOT, "**%.2f**", ratio) : "n/a";
			table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", figure.scenario(), figure.name(),
					shown, summary(figure.baseline()), summary(figure.starter())));
		}
		return table.toString();
	}

	private static String summary(List<Double> values) {
		return String.format(Locale.ROOT, "%s (%s–%s)", format(median(values)),
				format(values.stream().mapToDouble(Double::doubleValue).min().orElse(0)),
				format(values.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
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
