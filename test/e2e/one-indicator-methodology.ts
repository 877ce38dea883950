/**
 * The body of POST /v1/methodologies for a methodology of one indicator, higher is better, with
 * published weights: its values rank the zones directly, which is all an end-to-end story needs.
 */
export function oneIndicatorMethodology(methodologyId: string) {
  return {
    methodologyId,
    version: 1,
    name: 'One indicator',
    weightsPublished: true,
    normalisation: 'NORMALISATION_MIN_MAX',
    aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
    missingValues: 'MISSING_VALUE_POLICY_EXCLUDE',
    dimensions: [
      {
        key: 'growth',
        nameEn: 'Growth',
        weight: 1,
        indicators: [
          {
            key: 'output',
            nameEn: 'Output',
            unit: 'CNY 100m',
            direction: 'DIRECTION_HIGHER_IS_BETTER',
            weight: 1,
          },
        ],
      },
    ],
  };
}
