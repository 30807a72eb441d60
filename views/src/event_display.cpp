// The 3D event display in VTK. The event's hits and tracks are one prop drawn on the CPU
// (event_layer.h); the detector is one actor per volume, the selection two in a layer above.
#include "sciperf/views/event_display.h"

#include "event_layer.h"

#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <tuple>
#include <utility>
#include <vector>
#include <vtkActor.h>
#include <vtkAxesActor.h>
#include <vtkCamera.h>
#include <vtkCaptionActor2D.h>
#include <vtkCellArray.h>
#include <vtkLegendBoxActor.h>
#include <vtkMath.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderStepsPass.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkShaderProperty.h>
#include <vtkSmartPointer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

namespace sciperf {

namespace {

// The detector is context: its wireframe is its volume's colour faded this far towards white, and
// translucent, so that the event inside shows through. Opaque, the barrel's staves drew a solid
// grey cylinder over every track inside it.
constexpr double kDetectorFade = 0.85;
constexpr double kDetectorOpacity = 0.4;
// The legend's box in (logical) pixels, so that its text keeps one size in any view: a box in
// fractions of the view shouted in a large view and covered the event in a small one. VTK fits the
// text into the box; the width per character is the font's average.
constexpr double kLegendEntryPixels = 17;
constexpr double kLegendCharPixels = 6.6;
constexpr double kLegendSwatchPixels = 26;
constexpr double kLegendMarginPixels = 6;
constexpr double kLegendMaxFraction = 0.6;
// A turning camera moves this often (ms), by the clock: a slow frame makes a larger step.
constexpr int kTurnTickMs = 16;
// While the camera moves, no fewer than this fraction of the tracks is drawn, however slow.
constexpr double kMinDetailFraction = 0.05;
// The share drawn follows the frames' times towards the budget in steps of at least this much (of
// itself): each change rebuilds the reduced geometry.
constexpr double kDetailStep = 0.15;
// The axes are this fraction of the event's transverse size.
constexpr double kAxesFraction = 0.25;
const QColor kBackground(255, 255, 255);
const QColor kTextColor(30, 30, 30);

void setColor(vtkProperty* property, QColor color) {
    property->SetColor(color.redF(), color.greenF(), color.blueF());
}

vtkSmartPointer<vtkUnsignedCharArray> colorArray(vtkIdType count) {
    auto colors = vtkSmartPointer<vtkUnsignedCharArray>::New();
    colors->SetNumberOfComponents(3);
    colors->SetNumberOfTuples(count);
    return colors;
}

std::uint32_t rasterColor(QRgb rgb) {
    return eventRasterColor(std::uint8_t(qRed(rgb)), std::uint8_t(qGreen(rgb)), std::uint8_t(qBlue(rgb)));
}

// An unlit actor. VTK's fragment shader discards fragments of alpha 0, for translucent actors. A
// shader that may discard makes Mesa's llvmpipe test depth after shading instead of before, so
// every hidden fragment of the detector's thousands of metres of outlines is shaded. None of our
// colours is fully transparent, the test never fires, so it goes (bench_event_display, when the
// event was drawn by actors too: 10 % less time per frame with the detector).
vtkSmartPointer<vtkActor> unlitActor(vtkPolyDataMapper* mapper) {
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetLighting(false);
    actor->GetShaderProperty()->AddFragmentShaderReplacement(
        "  if (gl_FragData[0].a <= 0.0)\n    {\n    discard;\n    }", false, "", false);
    return actor;
}

// An actor drawing a polydata with its own per-point colours.
vtkSmartPointer<vtkActor> colouredActor(vtkPolyData* data) {
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(data);
    mapper->SetColorModeToDirectScalars();
    mapper->SetScalarModeToUsePointData();
    return unlitActor(mapper);
}

using Outline = std::array<tracking::Vector3, 4>;

// Each module's four corners in the sensor plane, in global coordinates.
std::vector<Outline> moduleOutlines(const std::vector<const tracking::Module*>& modules) {
    std::vector<Outline> outlines;
    outlines.reserve(modules.size());
    for (const tracking::Module* m : modules) {
        const double v = m->halfLengthVMm;
        outlines.push_back(
            {m->toGlobal({-m->minHalfLengthUMm, -v, 0}), m->toGlobal({m->minHalfLengthUMm, -v, 0}),
             m->toGlobal({m->maxHalfLengthUMm, v, 0}), m->toGlobal({-m->maxHalfLengthUMm, v, 0})});
    }
    return outlines;
}

// Barrel modules grouped into staves (same layer, same plane: the centres' φ and radius), each
// stave the rectangle around its modules' corners in the first module's frame.
std::vector<Outline> staveOutlines(const std::vector<const tracking::Module*>& modules) {
    std::map<std::tuple<std::int32_t, long, long>, std::vector<const tracking::Module*>> staves;
    for (const tracking::Module* m : modules) {
        const double phi = std::atan2(m->centerMm[1], m->centerMm[0]);
        const double radius = std::hypot(m->centerMm[0], m->centerMm[1]);
        staves[{m->key.layerId, std::lround(phi * 1e3), std::lround(radius * 10)}].push_back(m);
    }
    std::vector<Outline> outlines;
    outlines.reserve(staves.size());
    for (const auto& [key, members] : staves) {
        const tracking::Module& frame = *members.front();
        double minU = 0, maxU = 0, minV = 0, maxV = 0;
        for (const Outline& corners : moduleOutlines(members))
            for (const tracking::Vector3& corner : corners) {
                const tracking::Vector3 local = frame.toLocal(corner);
                minU = std::min(minU, local[0]);
                maxU = std::max(maxU, local[0]);
                minV = std::min(minV, local[1]);
                maxV = std::max(maxV, local[1]);
            }
        outlines.push_back({frame.toGlobal({minU, minV, 0}), frame.toGlobal({maxU, minV, 0}),
                            frame.toGlobal({maxU, maxV, 0}), frame.toGlobal({minU, maxV, 0})});
    }
    return outlines;
}

// A layer as a coarse grid inside the φ window (DetectorDetail::Layers, and the detector while the
// camera moves with reduced detail): a barrel layer's end circles and lines along z, a disk's inner
// and outer circles and spokes. The whole TrackML detector in an eighth of its module outlines'
// length (940 m against 7.1 km): under llvmpipe a line costs in proportion to its pixels.
constexpr int kLayerCircleSegments = 72;
constexpr int kLayerGridLines = 24;

std::vector<std::vector<tracking::Vector3>> layerGrid(const tracking::LayerSummary& layer,
                                                      const EventCuts& cuts) {
    const tracking::Extent& e = layer.extent;
    const bool barrel = layer.kind == tracking::VolumeKind::Barrel;
    const auto at = [](double r, double phi, double z) {
        return tracking::Vector3{r * std::cos(phi), r * std::sin(phi), z};
    };
    std::vector<std::vector<tracking::Vector3>> lines;
    const std::vector<double> arc = cuts.phiArcRad(kLayerCircleSegments);
    for (const auto& [r, z] :
         barrel ? std::array{std::pair{layer.meanRadiusMm, e.zMinMm}, std::pair{layer.meanRadiusMm, e.zMaxMm}}
                : std::array{std::pair{e.rMinMm, layer.meanZMm}, std::pair{e.rMaxMm, layer.meanZMm}}) {
        auto& circle = lines.emplace_back();
        for (const double phi : arc)
            circle.push_back(at(r, phi, z));
    }
    for (int k = 0; k < kLayerGridLines; ++k) {
        const double phi = -std::numbers::pi + 2 * std::numbers::pi * k / kLayerGridLines;
        if (!cuts.passesPhi(phi))
            continue;
        if (barrel)
            lines.push_back({at(layer.meanRadiusMm, phi, e.zMinMm), at(layer.meanRadiusMm, phi, e.zMaxMm)});
        else
            lines.push_back({at(e.rMinMm, phi, layer.meanZMm), at(e.rMaxMm, phi, layer.meanZMm)});
    }
    return lines;
}

// The length of the polylines in `data` (mm).
double linesLengthMm(vtkPolyData* data) {
    vtkCellArray* lines = data->GetLines();
    double length = 0;
    vtkIdType size = 0;
    const vtkIdType* ids = nullptr;
    for (lines->InitTraversal(); lines->GetNextCell(size, ids);)
        for (vtkIdType k = 1; k < size; ++k) {
            double a[3], b[3];
            data->GetPoint(ids[k - 1], a);
            data->GetPoint(ids[k], b);
            length += std::sqrt(vtkMath::Distance2BetweenPoints(a, b));
        }
    return length;
}

// The legend's swatch: a square coloured by its own point scalars, so that the entry needs no
// colour of its own, which VTK would also give the label (a pale colour's label was unreadable on
// white). Two background-coloured points either side widen the symbol's column, which VTK sizes
// by the symbol's aspect, so that the square keeps clear of its label; VTK sets a symbol's origin
// a quarter of the text's height below the label's middle, hence the square above y = 0. (An icon image
// instead makes VTK print "Symbol is not defined" on every legend rebuild.)
vtkSmartPointer<vtkPolyData> swatch(QColor color) {
    vtkNew<vtkPoints> points;
    for (const auto& [x, y] :
         {std::pair{-0.5, 0.0}, {0.5, 0.0}, {0.5, 1.0}, {-0.5, 1.0}, {-1.0, 0.5}, {1.0, 0.5}})
        points->InsertNextPoint(x, y, 0);
    vtkNew<vtkCellArray> square;
    const vtkIdType corners[4] = {0, 1, 2, 3};
    square->InsertNextCell(4, corners);
    vtkNew<vtkCellArray> extent;
    for (vtkIdType i : {4, 5})
        extent->InsertNextCell(1, &i);
    auto colors = colorArray(0);
    for (int i = 0; i < 6; ++i) {
        const QColor c = i < 4 ? color : kBackground;
        colors->InsertNextTuple3(c.red(), c.green(), c.blue());
    }
    auto symbol = vtkSmartPointer<vtkPolyData>::New();
    symbol->SetPoints(points);
    symbol->SetPolys(square);
    symbol->SetVerts(extent);
    symbol->GetPointData()->SetScalars(colors);
    return symbol;
}

} // namespace

class EventDisplay::Scene {
public:
    explicit Scene(vtkRenderer* renderer)
        : m_renderer(renderer) {
        m_layer->setHitPixels(int(kEventHitPixels));
        renderer->AddViewProp(m_layer);
        m_selectedHitActor = colouredActor(m_selectedHit);
        m_selectedHitActor->GetMapper()->ScalarVisibilityOff();
        m_selectedHitActor->GetProperty()->SetPointSize(float(kEventSelectedHitPixels));
        m_selectedHitActor->GetProperty()->SetRenderPointsAsSpheres(true);
        setColor(m_selectedHitActor->GetProperty(), kEventSelectionColor);
        m_selectedTrackActor = colouredActor(m_selectedTrack);
        m_selectedTrackActor->GetMapper()->ScalarVisibilityOff();
        m_selectedTrackActor->GetProperty()->SetLineWidth(float(kEventSelectedTrackPixels));
        // VTK's core profile draws a plain line one pixel wide whatever its width; as a tube (a
        // geometry shader, on one track only) it gets the width.
        m_selectedTrackActor->GetProperty()->SetRenderLinesAsTubes(true);
        setColor(m_selectedTrackActor->GetProperty(), kEventSelectionColor);
        // The selection in a layer above the event, through the same camera and with its own depth
        // buffer (a layer's is cleared): hits and tracks in front of it cannot hide it.
        m_selectionLayer->SetLayer(1);
        m_selectionLayer->InteractiveOff();
        m_selectionLayer->SetActiveCamera(renderer->GetActiveCamera());
        m_selectionLayer->AddActor(m_selectedTrackActor);
        m_selectionLayer->AddActor(m_selectedHitActor);

        m_legend->BorderOff();
        m_legend->UseBackgroundOn();
        m_legend->SetBackgroundColor(kBackground.redF(), kBackground.greenF(), kBackground.blueF());
        m_legend->SetBackgroundOpacity(0.8);
        m_legend->GetEntryTextProperty()->SetColor(kTextColor.redF(), kTextColor.greenF(),
                                                   kTextColor.blueF());
        m_legend->GetEntryTextProperty()->ShadowOff();
        m_legend->GetEntryTextProperty()->ItalicOff();
        m_legend->GetEntryTextProperty()->BoldOff();
        renderer->AddViewProp(m_legend);

        vtkTextProperty* caption = m_caption->GetTextProperty();
        caption->SetFontSize(13);
        caption->SetColor(kTextColor.redF(), kTextColor.greenF(), kTextColor.blueF());
        m_caption->SetPosition(6, 6);
        renderer->AddViewProp(m_caption);

        m_axes->SetShaftTypeToLine();
        m_axes->SetXAxisLabelText("x");
        m_axes->SetYAxisLabelText("y");
        m_axes->SetZAxisLabelText("z");
        for (vtkCaptionActor2D* label : {m_axes->GetXAxisCaptionActor2D(), m_axes->GetYAxisCaptionActor2D(),
                                         m_axes->GetZAxisCaptionActor2D()}) {
            label->GetCaptionTextProperty()->SetColor(kTextColor.redF(), kTextColor.greenF(),
                                                      kTextColor.blueF());
            label->GetCaptionTextProperty()->ShadowOff();
            label->GetCaptionTextProperty()->ItalicOff();
            // By default the labels grow with the window; a fixed size keeps them from covering hits.
            label->GetTextActor()->SetTextScaleModeToNone();
            label->GetCaptionTextProperty()->SetFontSize(12);
        }
        m_axes->VisibilityOff();
        renderer->AddActor(m_axes);
    }

    void setDetector(const tracking::Detector& detector) {
        for (const auto* actors : {&m_volumes, &m_layerVolumes})
            for (const auto& [volume, actor] : *actors)
                m_renderer->RemoveActor(actor);
        m_volumes.clear();
        m_layerVolumes.clear();
        m_layers.clear();
        for (const tracking::LayerSummary& layer : detector.layers())
            m_layers[layer.volumeId].push_back(layer);
        std::map<std::int32_t, std::vector<const tracking::Module*>> byVolume;
        for (const tracking::Module& module : detector.modules())
            byVolume[module.key.volumeId].push_back(&module);
        std::vector<std::int32_t> volumes;
        for (const auto& [volume, modules] : byVolume)
            volumes.push_back(volume);
        std::set<std::int32_t> barrelVolumes;
        for (const tracking::VolumeSummary& summary : detector.volumes())
            if (summary.kind == tracking::VolumeKind::Barrel)
                barrelVolumes.insert(summary.volumeId);
        m_outlines.clear();
        for (const auto& [volume, modules] : byVolume) {
            // Outlines: a closed polyline of four corners each. A barrel stave (its modules side
            // by side along z, in one plane) is drawn as one rectangle: three times fewer lines in
            // all, and the frame time with the detector shown fell accordingly under llvmpipe.
            m_outlines[volume] =
                barrelVolumes.count(volume) ? staveOutlines(modules) : moduleOutlines(modules);
            const QColor color = volumeColor(volumes, volume);
            const auto fade = [](double channel) {
                return channel + (1.0 - channel) * kDetectorFade;
            };
            // The modules, and the layers' grid that stands in for them (chosen, or while dragging).
            for (auto* actors : {&m_volumes, &m_layerVolumes}) {
                vtkNew<vtkPolyDataMapper> mapper;
                mapper->ScalarVisibilityOff();
                const vtkSmartPointer<vtkActor> actor = unlitActor(mapper);
                actor->GetProperty()->SetColor(fade(color.redF()), fade(color.greenF()), fade(color.blueF()));
                actor->GetProperty()->SetOpacity(kDetectorOpacity);
                m_renderer->AddActor(actor);
                actors->emplace(volume, actor);
            }
        }
        buildWireframes();
        updateDetectorVisibility();
    }

    // Each volume's outlines inside the cuts' φ window (by their centres), as one polyline set.
    void buildWireframes() {
        for (const auto& [volume, outlines] : m_outlines) {
            vtkNew<vtkPoints> points;
            points->SetDataTypeToFloat();
            points->Allocate(vtkIdType(4 * outlines.size()));
            vtkNew<vtkCellArray> cells;
            cells->AllocateExact(vtkIdType(outlines.size()), vtkIdType(5 * outlines.size()));
            for (const Outline& corners : outlines) {
                double x = 0, y = 0;
                for (const tracking::Vector3& corner : corners) {
                    x += corner[0];
                    y += corner[1];
                }
                if (!m_detectorCuts.passesPhi(std::atan2(y, x)))
                    continue;
                vtkIdType ids[5];
                for (std::size_t c = 0; c < corners.size(); ++c)
                    ids[c] = points->InsertNextPoint(corners[c].data());
                ids[4] = ids[0];
                cells->InsertNextCell(5, ids);
            }
            vtkNew<vtkPolyData> wireframe;
            wireframe->SetPoints(points);
            wireframe->SetLines(cells);
            vtkPolyDataMapper::SafeDownCast(m_volumes.at(volume)->GetMapper())->SetInputData(wireframe);

            vtkNew<vtkPoints> gridPoints;
            gridPoints->SetDataTypeToFloat();
            vtkNew<vtkCellArray> gridLines;
            for (const tracking::LayerSummary& layer : m_layers[volume])
                for (const auto& line : layerGrid(layer, m_detectorCuts)) {
                    gridLines->InsertNextCell(vtkIdType(line.size()));
                    for (const tracking::Vector3& point : line)
                        gridLines->InsertCellPoint(gridPoints->InsertNextPoint(point.data()));
                }
            vtkNew<vtkPolyData> grid;
            grid->SetPoints(gridPoints);
            grid->SetLines(gridLines);
            vtkPolyDataMapper::SafeDownCast(m_layerVolumes.at(volume)->GetMapper())->SetInputData(grid);
        }
    }

    void setDetectorVisible(bool visible) {
        m_detectorVisible = visible;
        updateDetectorVisibility();
    }

    void setDetectorDetail(DetectorDetail detail) {
        m_detectorDetail = detail;
        updateDetectorVisibility();
    }

    void setDetectorCuts(const EventCuts& cuts) {
        const bool newWindow =
            cuts.phiFromRad != m_detectorCuts.phiFromRad || cuts.phiToRad != m_detectorCuts.phiToRad;
        m_detectorCuts = cuts;
        if (newWindow)
            buildWireframes();
        updateDetectorVisibility();
    }

    void updateDetectorVisibility() {
        const bool layers = reducedDetail() || m_detectorDetail == DetectorDetail::Layers;
        for (const auto* actors : {&m_volumes, &m_layerVolumes})
            for (const auto& [volume, actor] : *actors)
                actor->SetVisibility(m_detectorVisible && !m_detectorCuts.hiddenVolumes.count(volume) &&
                                     layers == (actors == &m_layerVolumes));
    }

    double drawnDetectorLengthMm() const {
        double length = 0;
        for (const auto* actors : {&m_volumes, &m_layerVolumes})
            for (const auto& [volume, actor] : *actors)
                if (actor->GetVisibility())
                    length += linesLengthMm(vtkPolyData::SafeDownCast(actor->GetMapper()->GetInput()));
        return length;
    }

    const std::shared_ptr<const EventPresentation>& presentation() const { return m_presentation; }
    vtkRenderer* selectionLayer() const { return m_selectionLayer; }

    void setPresentation(std::shared_ptr<const EventPresentation> presentation) {
        const bool newEvent = !m_presentation || presentation->scene != m_presentation->scene;
        m_presentation = std::move(presentation);
        const EventScene& scene = *m_presentation->scene;
        const tracking::Hits& hits = scene.hits;
        const auto n = vtkIdType(hits.size());
        if (newEvent) {
            vtkNew<vtkPoints> points;
            points->SetDataTypeToFloat();
            points->SetNumberOfPoints(n);
            double maxRadius = 0;
            for (vtkIdType i = 0; i < n; ++i) {
                const auto h = std::size_t(i);
                points->SetPoint(i, hits.x[h], hits.y[h], hits.z[h]);
                maxRadius = std::max(maxRadius, std::hypot(double(hits.x[h]), double(hits.y[h])));
            }
            m_selectedHit->SetPoints(points);
            m_axesLengthMm = std::max(1.0, std::round(kAxesFraction * maxRadius / 10) * 10);
            m_axes->SetTotalLength(m_axesLengthMm, m_axesLengthMm, m_axesLengthMm);
            m_axes->SetVisibility(n > 0);
        }

        auto full = std::make_shared<EventRasterGeometry>();
        full->clear();
        full->hits.reserve(m_presentation->visibleHits);
        full->hitColors.reserve(m_presentation->visibleHits);
        for (std::size_t i = 0; i < hits.size(); ++i)
            if (m_presentation->hitVisible[i]) {
                full->hits.push_back({hits.x[i], hits.y[i], hits.z[i]});
                full->hitColors.push_back(rasterColor(m_presentation->hitColors[i]));
            }
        m_drawnTracks.clear();
        for (std::size_t t = 0; t < scene.tracks.size(); ++t) {
            if (!m_presentation->trackVisible[t] || scene.tracks[t].hits.size() < 2)
                continue;
            const auto path = shownTrackPath(*m_presentation, t);
            if (path.size() < 2)
                continue;
            const std::size_t first = full->pathPoints.size();
            full->addPath(path, rasterColor(m_presentation->trackColors[t]));
            m_drawnTracks.push_back({t, first, path.size()});
        }
        m_full = std::move(full);
        showFullDetail();

        m_legend->SetNumberOfEntries(int(m_presentation->legend.size()));
        // Entries the legend adds get a default (white) text; it copies our text property to all of
        // them only when that property has changed since it was last drawn.
        m_legend->GetEntryTextProperty()->Modified();
        for (std::size_t e = 0; e < m_presentation->legend.size(); ++e) {
            const LegendEntry& entry = m_presentation->legend[e];
            double noEntryColor[3] = {-1, -1, -1}; // the label in the text colour, the swatch in its own
            m_legend->SetEntry(int(e), swatch(entry.color), entry.label.toUtf8().constData(), noEntryColor);
        }
        m_legend->SetVisibility(!m_presentation->legend.empty());
        placeLegend();
        updateCaption();
        setSelection(m_selection);
    }

    void setViewSize(QSizeF pixels) {
        m_viewPixels = pixels;
        placeLegend();
    }

    // Top left, sized for its entries' text.
    void placeLegend() {
        if (!m_presentation || m_viewPixels.isEmpty())
            return;
        qsizetype longest = 0;
        for (const LegendEntry& entry : m_presentation->legend)
            longest = std::max(longest, entry.label.size());
        const double width = kLegendSwatchPixels + kLegendCharPixels * double(longest);
        const double height = kLegendEntryPixels * double(m_presentation->legend.size());
        const double widthFraction = std::min(kLegendMaxFraction, width / m_viewPixels.width());
        const double heightFraction = std::min(kLegendMaxFraction, height / m_viewPixels.height());
        m_legend->SetPosition(kLegendMarginPixels / m_viewPixels.width(),
                              1 - heightFraction - kLegendMarginPixels / m_viewPixels.height());
        m_legend->SetPosition2(widthFraction, heightFraction);
    }

    void setSelection(const EventSelection& selection) {
        m_selection = selection;
        vtkNew<vtkCellArray> hit;
        if (selection.hit >= 0) {
            const vtkIdType id = selection.hit;
            hit->InsertNextCell(1, &id);
        }
        m_selectedHit->SetVerts(hit);
        vtkNew<vtkPoints> points;
        vtkNew<vtkCellArray> track;
        if (selection.track >= 0 && m_presentation)
            insertPath(*points, *track, shownTrackPath(*m_presentation, std::size_t(selection.track)));
        m_selectedTrack->SetPoints(points);
        m_selectedTrack->SetLines(track);
    }

    // Draws the `fraction` of the drawn tracks with the highest pT, with their hits, and as large
    // a fraction of the other hits (every n-th): the event's structure at a fraction of the cost.
    void showReducedDetail(double fraction) {
        if (!m_presentation)
            return;
        const EventPresentation& shown = *m_presentation;
        const EventScene& scene = *shown.scene;
        std::vector<DrawnTrack> fastest = m_drawnTracks;
        std::stable_sort(fastest.begin(), fastest.end(), [&scene](const DrawnTrack& a, const DrawnTrack& b) {
            return scene.tracks[a.track].ptGeV > scene.tracks[b.track].ptGeV;
        });
        fastest.resize(std::size_t(std::ceil(fraction * double(fastest.size()))));
        std::vector<bool> drawn(scene.tracks.size()), kept(scene.tracks.size());
        for (const DrawnTrack& d : m_drawnTracks)
            drawn[d.track] = true;
        auto reduced = std::make_shared<EventRasterGeometry>();
        reduced->clear();
        m_reducedTrackIndices.clear();
        for (const DrawnTrack& d : fastest) {
            kept[d.track] = true;
            m_reducedTrackIndices.push_back(d.track);
            for (std::size_t p = d.firstPoint; p < d.firstPoint + d.points; ++p) {
                reduced->pathPoints.push_back(m_full->pathPoints[p]);
                reduced->pathColors.push_back(m_full->pathColors[p]);
            }
            reduced->pathStarts.push_back(std::uint32_t(reduced->pathPoints.size()));
        }
        std::sort(m_reducedTrackIndices.begin(), m_reducedTrackIndices.end());
        const auto stride = std::max<long>(1, std::lround(1 / fraction));
        long otherHits = 0;
        for (std::size_t i = 0; i < scene.hits.size(); ++i) {
            if (!shown.hitVisible[i])
                continue;
            const std::int32_t track = scene.hitTrack[i];
            const bool onDrawnTrack = track >= 0 && drawn[std::size_t(track)];
            if (onDrawnTrack ? bool(kept[std::size_t(track)]) : otherHits++ % stride == 0) {
                reduced->hits.push_back({scene.hits.x[i], scene.hits.y[i], scene.hits.z[i]});
                reduced->hitColors.push_back(rasterColor(shown.hitColors[i]));
            }
        }
        m_reduced = std::move(reduced);
        m_reducedFraction = fraction;
        showGeometry(m_reduced);
    }

    void showFullDetail() {
        m_reducedFraction = 1;
        showGeometry(m_full);
    }

    bool reducedDetail() const { return m_reducedFraction < 1; }
    double reducedFraction() const { return m_reducedFraction; }

    std::vector<std::size_t> drawnTracks() const {
        if (reducedDetail())
            return m_reducedTrackIndices;
        std::vector<std::size_t> tracks;
        for (const DrawnTrack& d : m_drawnTracks)
            tracks.push_back(d.track);
        return tracks;
    }

    std::size_t drawnHits() const { return m_layer->geometry().hits.size(); }

    void setCameraName(const QString& name) {
        m_cameraName = name;
        updateCaption();
    }

    // Hit positions on screen, in widget pixels (y down), from the camera's projection.
    struct Projector {
        std::array<double, 16> matrix;
        double width, height, ratio;
        bool project(const tracking::Hits& hits, std::size_t i, QPointF& at) const {
            const double p[4] = {hits.x[i], hits.y[i], hits.z[i], 1.0};
            double clip[4];
            for (int r = 0; r < 4; ++r)
                clip[r] = matrix[4 * r] * p[0] + matrix[4 * r + 1] * p[1] + matrix[4 * r + 2] * p[2] +
                          matrix[4 * r + 3] * p[3];
            if (clip[3] <= 0)
                return false; // behind the camera
            at = QPointF((clip[0] / clip[3] + 1) * 0.5 * width, (1 - clip[1] / clip[3]) * 0.5 * height) /
                 ratio;
            return true;
        }
    };

    Projector projector(const VtkView& view) const {
        Projector projector{};
        projector.ratio = view.devicePixelRatioF();
        projector.width = view.width() * projector.ratio;
        projector.height = view.height() * projector.ratio;
        projector.matrix = eventWorldToClip(*m_renderer->GetActiveCamera(),
                                            projector.width / std::max(1.0, projector.height));
        return projector;
    }

    EventSelection pick(const VtkView& view, QPointF position) const {
        if (!m_presentation)
            return {};
        const Projector projector = this->projector(view);
        const tracking::Hits& hits = m_presentation->scene->hits;
        return pickOnScreen(
            *m_presentation, [&](std::size_t hit, QPointF& at) { return projector.project(hits, hit, at); },
            position);
    }

    QPointF screenPosition(const VtkView& view, std::size_t hit) const {
        QPointF at(-1, -1);
        if (m_presentation)
            projector(view).project(m_presentation->scene->hits, hit, at);
        return at;
    }

private:
    // A polyline through `path`, on points of its own appended to `points`.
    static void insertPath(vtkPoints& points, vtkCellArray& lines,
                           const std::vector<std::array<double, 3>>& path) {
        lines.InsertNextCell(vtkIdType(path.size()));
        for (const auto& point : path)
            lines.InsertCellPoint(points.InsertNextPoint(point.data()));
    }

    void showGeometry(const std::shared_ptr<const EventRasterGeometry>& geometry) {
        m_layer->setGeometry(geometry);
        updateDetectorVisibility();
        updateCaption();
    }

    void updateCaption() {
        QString text = m_cameraName;
        if (m_presentation) {
            const EventScene& scene = *m_presentation->scene;
            // An event without truth or reconstruction has hits only: no "0 of 0 tracks".
            const QString tracks =
                scene.tracks.empty() ? QObject::tr("no tracks")
                                     : QObject::tr("%1 of %2 %3")
                                           .arg(m_presentation->visibleTracks)
                                           .arg(scene.tracks.size())
                                           .arg(scene.tracksAreReconstructed ? QObject::tr("tracks")
                                                                             : QObject::tr("true particles"));
            text = QObject::tr("%1: %2 of %3 hits, %4; colour: %5\n%6, axes %7 mm")
                       .arg(scene.title)
                       .arg(m_presentation->visibleHits)
                       .arg(scene.hits.size())
                       .arg(tracks, hitColoringName(m_presentation->coloring), m_cameraName)
                       .arg(m_axesLengthMm);
            if (std::isfinite(m_presentation->maxDistanceMm))
                text += QObject::tr("; within %1 mm of the origin")
                            .arg(std::lround(m_presentation->maxDistanceMm));
            if (reducedDetail())
                text += QObject::tr("; while moving: %1 % of the tracks (the highest pT), %2 hits%3")
                            .arg(std::lround(100 * m_reducedFraction))
                            .arg(m_reduced->hits.size())
                            .arg(m_detectorVisible && m_detectorDetail == DetectorDetail::Modules
                                     ? QObject::tr(", the detector's layers")
                                     : QString());
        }
        m_caption->SetInput(text.toUtf8().constData());
    }

    vtkRenderer* m_renderer;
    std::shared_ptr<const EventPresentation> m_presentation;
    EventSelection m_selection;
    std::map<std::int32_t, vtkSmartPointer<vtkActor>> m_volumes;
    std::map<std::int32_t, std::vector<Outline>> m_outlines; // per volume
    std::map<std::int32_t, vtkSmartPointer<vtkActor>> m_layerVolumes;
    std::map<std::int32_t, std::vector<tracking::LayerSummary>> m_layers; // per volume
    EventCuts m_detectorCuts;                                             // its volumes and φ window
    bool m_detectorVisible = true;
    DetectorDetail m_detectorDetail = DetectorDetail::Modules;
    vtkNew<EventLayer> m_layer;
    std::shared_ptr<const EventRasterGeometry> m_full = std::make_shared<EventRasterGeometry>();
    vtkNew<vtkPolyData> m_selectedHit;
    vtkNew<vtkPolyData> m_selectedTrack;
    vtkSmartPointer<vtkActor> m_selectedHitActor;
    vtkSmartPointer<vtkActor> m_selectedTrackActor;
    vtkNew<vtkRenderer> m_selectionLayer;
    // A track's polyline in m_full: its index in the scene, and its points there.
    struct DrawnTrack {
        std::size_t track;
        std::size_t firstPoint;
        std::size_t points;
    };
    std::vector<DrawnTrack> m_drawnTracks;
    // The reduced detail drawn while the camera moves (showReducedDetail).
    std::shared_ptr<const EventRasterGeometry> m_reduced = std::make_shared<EventRasterGeometry>();
    std::vector<std::size_t> m_reducedTrackIndices; // sorted
    double m_reducedFraction = 1;
    vtkNew<vtkLegendBoxActor> m_legend;
    QSizeF m_viewPixels;
    vtkNew<vtkTextActor> m_caption;
    vtkNew<vtkAxesActor> m_axes;
    double m_axesLengthMm = 0;
    QString m_cameraName;
};

EventDisplay::EventDisplay(QWidget* parent)
    : VtkView(parent)
    , m_scene(std::make_unique<Scene>(renderer()))
    , m_turnTimer(new QTimer(this)) {
    m_turnTimer->setInterval(kTurnTickMs);
    connect(m_turnTimer, &QTimer::timeout, this, &EventDisplay::turnStep);
    renderer()->SetBackground(kBackground.redF(), kBackground.greenF(), kBackground.blueF());
    // Multisampling multiplies the cost of every fragment, and a software rasteriser (Mesa
    // llvmpipe) pays it in full: 1e5 points and 1e4 lines would not turn smoothly.
    renderWindow()->SetMultiSamples(0);
    // VTK 9.1 draws translucent geometry (the detector) with order-independent transparency unless
    // a pass says otherwise: two float buffers and a full-screen composite every frame, 6-12 ms
    // under llvmpipe. The default steps blend it in order instead; the detector's faint outlines,
    // one colour per volume, look the same.
    vtkNew<vtkRenderStepsPass> steps;
    renderer()->SetPass(steps);
    renderWindow()->SetNumberOfLayers(2);
    renderWindow()->AddRenderer(m_scene->selectionLayer());
    setCamera(Camera::Perspective);
}

EventDisplay::~EventDisplay() = default;

void EventDisplay::setDetector(const tracking::Detector& detector) {
    m_scene->setDetector(detector);
    update();
}

void EventDisplay::setDetectorVisible(bool visible) {
    m_scene->setDetectorVisible(visible);
    update();
}

void EventDisplay::setDetectorDetail(DetectorDetail detail) {
    m_scene->setDetectorDetail(detail);
    update();
}

void EventDisplay::setDetectorCuts(const EventCuts& cuts) {
    m_scene->setDetectorCuts(cuts);
    update();
}

void EventDisplay::setPresentation(std::shared_ptr<const EventPresentation> presentation) {
    m_scene->setPresentation(std::move(presentation));
    update();
}

void EventDisplay::setSelection(const EventSelection& selection) {
    m_scene->setSelection(selection);
    update();
}

void EventDisplay::setCamera(Camera camera) {
    vtkCamera* c = renderer()->GetActiveCamera();
    c->SetFocalPoint(0, 0, 0);
    c->SetViewUp(0, 1, 0);
    switch (camera) {
    case Camera::Perspective:
        c->ParallelProjectionOff();
        c->SetPosition(-1.0, 0.55, 1.3);
        m_scene->setCameraName(tr("3D view"));
        break;
    case Camera::EndView:
        // Along the beam from +z: x to the right, y up, as the x-y projection.
        c->ParallelProjectionOn();
        c->SetPosition(0, 0, 1);
        m_scene->setCameraName(tr("x-y end view (beam out of the screen)"));
        break;
    case Camera::SideView:
        // From -x: z to the right, y up, as the r-z projection.
        c->ParallelProjectionOn();
        c->SetPosition(-1, 0, 0);
        m_scene->setCameraName(tr("side view (z to the right, y up)"));
        break;
    }
    resetCamera();
}

bool EventDisplay::zoomTo(const EventSelection& selection) {
    const std::shared_ptr<const EventPresentation>& shown = m_scene->presentation();
    if (!shown)
        return false;
    const std::vector<std::array<double, 3>> points = selectionPoints(*shown, selection);
    if (points.empty())
        return false;
    double bounds[6] = {points[0][0], points[0][0], points[0][1], points[0][1], points[0][2], points[0][2]};
    for (const auto& point : points)
        for (int axis = 0; axis < 3; ++axis) {
            bounds[2 * axis] = std::min(bounds[2 * axis], point[std::size_t(axis)]);
            bounds[2 * axis + 1] = std::max(bounds[2 * axis + 1], point[std::size_t(axis)]);
        }
    for (int axis = 0; axis < 3; ++axis) {
        const double centre = (bounds[2 * axis] + bounds[2 * axis + 1]) / 2;
        const double half = std::max(bounds[2 * axis + 1] - bounds[2 * axis], kZoomMinimumExtentMm) / 2;
        bounds[2 * axis] = centre - half;
        bounds[2 * axis + 1] = centre + half;
    }
    renderer()->ResetCamera(bounds);
    update();
    return true;
}

EventCamera EventDisplay::cameraState() const {
    vtkCamera* c = renderer()->GetActiveCamera();
    EventCamera camera;
    c->GetPosition(camera.positionMm.data());
    c->GetFocalPoint(camera.focalPointMm.data());
    c->GetViewUp(camera.viewUp.data());
    camera.parallelProjection = c->GetParallelProjection() != 0;
    camera.parallelScaleMm = c->GetParallelScale();
    camera.viewAngleDeg = c->GetViewAngle();
    return camera;
}

void EventDisplay::setCameraState(const EventCamera& camera) {
    vtkCamera* c = renderer()->GetActiveCamera();
    c->SetPosition(camera.positionMm.data());
    c->SetFocalPoint(camera.focalPointMm.data());
    c->SetViewUp(camera.viewUp.data());
    c->SetParallelProjection(camera.parallelProjection);
    c->SetParallelScale(camera.parallelScaleMm);
    c->SetViewAngle(camera.viewAngleDeg);
    renderer()->ResetCameraClippingRange();
    m_scene->setCameraName(tr("saved view"));
    update();
}

QPointF EventDisplay::screenPosition(std::size_t hit) const {
    return m_scene->screenPosition(*this, hit);
}

EventSelection EventDisplay::pick(QPointF position) const {
    return m_scene->pick(*this, position);
}

bool EventDisplay::saveScreenshot(const QString& file) {
    return grabFramebuffer().save(file);
}

void EventDisplay::setInteractiveFrameBudget(double budgetMs) {
    m_frameBudgetMs = budgetMs;
}

std::vector<std::size_t> EventDisplay::drawnTracks() const {
    return m_scene->drawnTracks();
}

std::size_t EventDisplay::drawnHits() const {
    return m_scene->drawnHits();
}

double EventDisplay::drawnDetectorLengthMm() const {
    return m_scene->drawnDetectorLengthMm();
}

void EventDisplay::paintGL() {
    QElapsedTimer timer;
    timer.start();
    const bool reduced = m_scene->reducedDetail();
    VtkView::paintGL();
    // A paint that found nothing changed renders nothing and says nothing.
    if (!renderedInLastPaint())
        return;
    const double frameMs = double(timer.nsecsElapsed()) / 1e6;
    if (!reduced) {
        m_lastFullFrameMs = frameMs;
        return;
    }
    // A frame's cost is not quite in proportion to what it draws: the reduced frames' own times
    // steer the share. Not the first after a change, which also uploads the new geometry.
    if (std::exchange(m_detailJustChanged, false))
        return;
    const double share = m_scene->reducedFraction();
    const double wanted = std::clamp(share * m_frameBudgetMs / frameMs, kMinDetailFraction, 1.0);
    if (std::abs(wanted - share) <= kDetailStep * share)
        return;
    if (wanted >= 1)
        m_scene->showFullDetail();
    else
        showReducedDetail(wanted);
}

void EventDisplay::showReducedDetail(double share) {
    m_scene->showReducedDetail(share);
    m_detailJustChanged = true;
}

void EventDisplay::resizeGL(int width, int height) {
    VtkView::resizeGL(width, height);
    m_scene->setViewSize(QSizeF(width, height));
}

void EventDisplay::setTurning(double degreesPerSecond) {
    const bool wasTurning = m_turnDegreesPerSecond != 0;
    m_turnDegreesPerSecond = degreesPerSecond;
    if (degreesPerSecond != 0 && !wasTurning) {
        m_turnClock.start();
        m_turnTimer->start();
        startMoving();
    } else if (degreesPerSecond == 0 && wasTurning) {
        m_turnTimer->stop();
        stopMoving();
    }
}

void EventDisplay::turnStep() {
    const double seconds = double(m_turnClock.nsecsElapsed()) / 1e9;
    m_turnClock.start();
    vtkCamera* camera = renderer()->GetActiveCamera();
    // About the view-up vector as it stands: the presets' y axis, not tilted with the view.
    camera->Azimuth(m_turnDegreesPerSecond * seconds);
    renderer()->ResetCameraClippingRange();
    update();
}

void EventDisplay::startMoving() {
    if (!m_scene->reducedDetail() && m_frameBudgetMs > 0 && m_lastFullFrameMs > m_frameBudgetMs)
        showReducedDetail(std::max(kMinDetailFraction, m_frameBudgetMs / m_lastFullFrameMs));
}

void EventDisplay::stopMoving() {
    if (m_scene->reducedDetail()) {
        m_scene->showFullDetail();
        update();
    }
}

void EventDisplay::mousePressEvent(QMouseEvent* event) {
    if (m_turnDegreesPerSecond != 0) {
        setTurning(0);
        emit turningStopped();
    }
    m_pressPosition = event->position();
    VtkView::mousePressEvent(event);
}

void EventDisplay::mouseMoveEvent(QMouseEvent* event) {
    const QPointF moved = event->position() - m_pressPosition;
    const bool dragging =
        event->buttons() != Qt::NoButton && std::hypot(moved.x(), moved.y()) > kEventClickSlopPixels;
    if (dragging)
        startMoving();
    VtkView::mouseMoveEvent(event);
}

void EventDisplay::mouseReleaseEvent(QMouseEvent* event) {
    stopMoving();
    VtkView::mouseReleaseEvent(event);
    const QPointF moved = event->position() - m_pressPosition;
    if (event->button() == Qt::LeftButton && std::hypot(moved.x(), moved.y()) <= kEventClickSlopPixels)
        emit picked(pick(event->position()));
}

} // namespace sciperf
