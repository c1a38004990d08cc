#!/usr/bin/env bash
# Copy the front-end packages installed by npm into static/vendor (no CDN, ever).
set -euo pipefail
cd "$(dirname "$0")/.."
nm=node_modules
out=static/vendor
rm -rf "$out"
mkdir -p "$out"/{bootstrap,bootstrap-icons,htmx,chartjs,sortable}
cp $nm/bootstrap/dist/css/bootstrap.min.css $nm/bootstrap/dist/css/bootstrap.min.css.map "$out/bootstrap/"
cp $nm/bootstrap/dist/js/bootstrap.bundle.min.js $nm/bootstrap/dist/js/bootstrap.bundle.min.js.map "$out/bootstrap/"
cp $nm/bootstrap-icons/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp -r $nm/bootstrap-icons/font/fonts "$out/bootstrap-icons/"
cp $nm/htmx.org/dist/htmx.min.js "$out/htmx/"
cp $nm/chart.js/dist/chart.umd.min.js $nm/chart.js/dist/chart.umd.min.js.map "$out/chartjs/"
cp $nm/sortablejs/Sortable.min.js "$out/sortable/"
echo "vendor: copied front-end packages into $out"
