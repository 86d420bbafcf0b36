// Package analytics reads tickets to find duplicates, neighbourhood clusters,
// hotspots and spikes, relates demand to weather and seasons, and exports
// columnar data (Arrow, Parquet). It never changes tickets except through
// package ticketing.
package analytics
